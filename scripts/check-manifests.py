"""What the rendered Helm chart must keep true, beyond what the Kubernetes schemas check.

    delivery-python scripts/check-manifests.py RENDERED.yaml

Run by scripts/validate-delivery.sh on `helm template` output. Exits 1 listing every broken rule.
"""
import sys

import yaml

problems = []
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
by_kind = {}
for doc in docs:
    by_kind.setdefault(doc["kind"], []).append(doc)


def check(condition, message):
    if not condition:
        problems.append(message)


# by component; with Worker Versioning there is one worker Deployment per build (the current one, and those
# still draining), each with its own build id
by_component = {}
for d in by_kind.get("Deployment", []):
    by_component.setdefault(d["metadata"]["labels"]["app.kubernetes.io/component"], []).append(d)
check(set(by_component) == {"gateway", "worker"}, f"expected gateway and worker Deployments, got {sorted(by_component)}")
check(len(by_component.get("gateway", [])) == 1, "expected one gateway Deployment")
deployments = {component: found[0] for component, found in by_component.items()}
management_ports = {"gateway": 8090, "worker": 8081}

worker_builds = []
for d in by_component.get("worker", []):
    env = {e["name"]: e.get("value") for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}
    build = env.get("ASKFLOW_WORKER_BUILD_ID")
    worker_builds.append(build)
    if build is not None:
        selector = d["spec"]["selector"]["matchLabels"]
        check(selector.get("askflow.io/build-id") == build, f"{d['metadata']['name']}: selector misses its build id")
        check(d["metadata"]["name"].endswith("-" + build), f"{d['metadata']['name']}: not named by build {build}")
check(
    len(worker_builds) == len(set(worker_builds)) and (len(worker_builds) == 1 or None not in worker_builds),
    f"worker Deployments must be one unversioned or one per build, got builds {worker_builds}",
)

for component, deployment in [(c, d) for c, found in by_component.items() for d in found]:
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    name = deployment["metadata"]["name"]
    check("@sha256:" in container["image"], f"{name}: image not by digest: {container['image']}")
    check(spec["strategy"]["type"] == "RollingUpdate", f"{name}: not a rolling update")
    check(spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, f"{name}: a rollout may take ready pods away")
    check(pod["securityContext"].get("runAsNonRoot") is True, f"{name}: may run as root")
    check(container["securityContext"].get("readOnlyRootFilesystem") is True, f"{name}: root file system writable")
    check(container["securityContext"].get("allowPrivilegeEscalation") is False, f"{name}: privilege escalation")
    check(pod.get("automountServiceAccountToken") is False, f"{name}: mounts a service account token")
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    check(ports.get("management") == management_ports[component], f"{name}: management port {ports.get('management')}")
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        port = container.get(probe, {}).get("httpGet", {}).get("port")
        check(port == "management", f"{name}: {probe} not on the management port ({port})")
    check(
        container["readinessProbe"]["httpGet"]["path"] == "/actuator/health/readiness",
        f"{name}: readiness probe does not cover the database and Temporal",
    )
    check("limits" in container["resources"] and "requests" in container["resources"], f"{name}: no resources")
    env = {e["name"]: e for e in container["env"]}
    for variable, value in env.items():
        if any(
            word in variable
            for word in ("SECRET", "PASSWORD", "API_KEY", "APIKEY", "DATABASE_URL", "CLIENT_ID", "CODEC_KEYS")
        ):
            check("valueFrom" in value and "secretKeyRef" in value["valueFrom"], f"{name}: {variable} not from a Secret")
    check(env.get("APP_ENV", {}).get("value") in ("staging", "production"), f"{name}: APP_ENV {env.get('APP_ENV')}")
    # both encrypt and decrypt Temporal payloads, and refuse to start outside dev without the keys
    check("ASKFLOW_CODEC_KEYS" in env, f"{name}: ASKFLOW_CODEC_KEYS missing (payload encryption)")

worker = deployments.get("worker")
if worker:
    pod = worker["spec"]["template"]["spec"]
    env = {e["name"]: e.get("value") for e in pod["containers"][0]["env"]}
    grace = int(env["ASKFLOW_WORKER_SHUTDOWN_GRACE"].rstrip("s"))
    check(pod["terminationGracePeriodSeconds"] > grace, "worker: Kubernetes kills before the worker's drain ends")

gateway = deployments.get("gateway")
if gateway:
    env = {e["name"]: e.get("value") for e in gateway["spec"]["template"]["spec"]["containers"][0]["env"]}
    for required in ("JWT_SECRET", "GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "TEMPORAL_ADDRESS", "DATABASE_URL"):
        check(required in env, f"gateway: {required} missing (the gateway refuses to start without it)")

for service in by_kind.get("Service", []):
    for port in service["spec"]["ports"]:
        check(port.get("targetPort") == "http", f"Service {service['metadata']['name']} exposes {port}")
for ingress in by_kind.get("Ingress", []):
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            check(path["backend"]["service"]["port"].get("name") == "http", f"Ingress reaches {path['backend']}")
pdbs = {p["metadata"]["name"].rsplit("-", 1)[-1] for p in by_kind.get("PodDisruptionBudget", [])}
check(pdbs == {"gateway", "worker"}, f"PodDisruptionBudgets for {sorted(pdbs)}, expected gateway and worker")

if problems:
    print("check-manifests: " + str(len(problems)) + " problem(s):", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"check-manifests: {len(docs)} manifests keep the chart's rules")
