// The daemon was asked, and every refusal is reported with the file, line and column of the mount.
def log = new File(basedir, 'build.log').text
assert log.contains('mount(s) checked against')
assert log.contains('compose.yaml:5:9: [app] CREATE ')
assert log.contains('bind source path does not exist')
assert log.contains('external volume "volumes4j-it-certs-that-do-not-exist" not found')
assert log.contains('compose.yaml:16:9: [worker] START /proc/x')
assert !log.contains('made-on-demand: ')
assert !new File(basedir, 'not-there').exists()
// a field the daemon's API version lacks (subpath needs 1.45) is reported, not sent to be ignored
def api = (log =~ /\(API 1\.(\d+)\)/)[0][1] as int
if (api < 45) {
  assert log.contains('compose.yaml:18:9: [worker] the daemon at API 1.' + api + ' would ignore part of this mount: volume-subpath needs Engine API 1.45')
}
return true
