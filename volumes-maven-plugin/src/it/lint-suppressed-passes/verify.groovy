// Everything found was suppressed (in place or in the configuration), so a failOn=warning build passed, and the
// SARIF keeps the suppressed results with their kind, as code scanning shows dismissed alerts.
def log = new File(basedir, 'build.log').text
assert log.contains('volumes4j:lint: 0 errors, 0 warnings, 0 notes (4 suppressed)')
def results = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/volumes4j-lint.sarif')).runs[0].results
assert results.size() == 4
assert results.every { it.suppressions.size() == 1 }
assert results.count { it.suppressions[0].kind == 'external' } == 1
assert results.findAll { it.ruleId == 'VOL006' }*.locations*.getAt(0)*.physicalLocation*.artifactLocation*.uri as Set == ['deploy/compose.yaml', 'deploy/compose.prod.yaml'] as Set
return true
