// Mounts from the configuration are linted where they are written in the pom.
def log = new File(basedir, 'build.log').text
assert log.contains('pom.xml:17:20: error VOL009 drive-letter-trap [(mounts)]')
assert log.contains('warning VOL010 ignored-by-daemon [(mounts)]')
assert log.contains('warning VOL004 tmpfs-exec [(mounts)]')
def results = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/volumes4j-lint.sarif')).runs[0].results
assert results.find { it.ruleId == 'VOL009' }.locations[0].physicalLocation.artifactLocation.uri == 'pom.xml'
// a mount not written verbatim in the pom (an entity here) points at the <mounts> element, so that every SARIF
// result has a location, as code scanning requires
assert log.contains('pom.xml:16:11: error VOL002 sensitive-host-directory [(mounts)]')
assert results.every { it.locations && it.locations[0].physicalLocation.region.startLine > 0 }
return true
