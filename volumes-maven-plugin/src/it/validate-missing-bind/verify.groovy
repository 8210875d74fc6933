// The daemon was asked, and every refusal is reported with the file, line and column of the mount.
def log = new File(basedir, 'build.log').text
assert log.contains('mount(s) checked against')
assert log.contains('compose.yaml:5:9: [app] CREATE ')
assert log.contains('bind source path does not exist')
assert log.contains('external volume "volumes4j-it-certs-that-do-not-exist" not found')
assert log.contains('[worker]') && log.contains('/proc/x')
assert !log.contains('made-on-demand: ')
assert !new File(basedir, 'not-there').exists()
return true
