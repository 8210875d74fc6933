// Mounts from the configuration are linted where they are written in the pom.
def log = new File(basedir, 'build.log').text
assert log.contains('pom.xml:17:20: error VOL009 drive-letter-trap [(mounts)]')
assert log.contains('warning VOL010 ignored-by-daemon [(mounts)]')
assert log.contains('warning VOL004 tmpfs-exec [(mounts)]')
def results = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/volumes4j-lint.sarif')).runs[0].results
assert results.find { it.ruleId == 'VOL009' }.locations[0].physicalLocation.artifactLocation.uri == 'pom.xml'
return true
