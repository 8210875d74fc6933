// Runs where a Docker daemon can answer: CI (VOLUMES4J_DOCKER_REQUIRED=true, where a missing daemon must fail), or a
// machine with the usual socket or DOCKER_HOST. Elsewhere invoker reports the project as skipped.
def env = System.getenv()
return 'true'.equalsIgnoreCase(env['VOLUMES4J_DOCKER_REQUIRED']) || env['DOCKER_HOST'] || new File('/var/run/docker.sock').exists()
