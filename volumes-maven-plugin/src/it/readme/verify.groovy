// Both goals ran as the README says: the lint passed (a clean project) and wrote its SARIF; validate asked the
// daemon, or said why it could not.
def log = new File(basedir, 'build.log').text
assert log.contains('volumes4j:lint: 0 errors, 0 warnings, 0 notes (0 suppressed)')
assert new File(basedir, 'target/volumes4j-lint.sarif').isFile()
assert log.contains('volumes4j:validate: 6 mount(s) checked against') || log.contains('volumes4j:validate: no Docker daemon answers')
return true
