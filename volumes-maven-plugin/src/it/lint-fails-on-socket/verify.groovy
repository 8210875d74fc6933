// The build failed on the error, named the value with its file, line and column, and still wrote both reports.
def log = new File(basedir, 'build.log').text
assert log.contains('compose.yaml:5:9: error VOL001 runtime-socket [ci]')
assert log.contains('warning VOL005 anonymous-data-volume [db]')
assert log.contains('warning VOL011 ignored-by-compose [ci]')
assert log.contains('volumes4j:lint found 1 finding(s) at error or worse')
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/volumes4j-lint.sarif'))
assert sarif.version == '2.1.0'
def results = sarif.runs[0].results
assert results.size() == 3
def socket = results.find { it.ruleId == 'VOL001' }
assert socket.locations[0].physicalLocation.artifactLocation.uri == 'compose.yaml'
assert socket.locations[0].physicalLocation.region.startLine == 5
assert sarif.runs[0].tool.driver.rules.find { it.id == 'VOL001' }.properties.'security-severity' == '9.0'
assert new File(basedir, 'target/volumes4j-lint.json').isFile()
return true
