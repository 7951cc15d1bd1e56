#!/usr/bin/python3
"""Static checks of everything under deploy/ (run by test_manifests.sh; needs python3-yaml).

No Docker engine and no Kubernetes cluster here, so this checks what can be checked offline: every YAML
parses; Kubernetes objects are well-formed and consistent with each other (selectors, named ports,
ConfigMap/Secret/PVC references, HPA/PDB targets, Ingress backends, kustomization); they agree with the
Dockerfiles (ports, UID, models path) and with the routes the API serves (probe paths); the compose files
are consistent (services, volumes, depends_on, dockerfiles, nginx upstreams); nginx.conf passes `nginx -t`
with its upstreams pointed at 127.0.0.1 (when nginx is installed); `kubectl kustomize` renders (when kubectl
is installed). Prints PASS/FAIL/SKIP lines and "manifests: N passed, N failed, N skipped".
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dockerfile_stage  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEPLOY = os.path.join(REPO, "deploy")
K8S = os.path.join(DEPLOY, "k8s")
NAMESPACED = {"ConfigMap", "Secret", "Deployment", "StatefulSet", "Service", "PersistentVolumeClaim",
              "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress"}
# Paths served by software we do not write: OpenIddict's discovery document.
SERVED_BY_LIBRARIES = {"/.well-known/openid-configuration"}

counts = {"passed": 0, "failed": 0, "skipped": 0}


def check(condition, message):
    counts["passed" if condition else "failed"] += 1
    print(("PASS  " if condition else "FAIL  ") + message)
    return condition


def skip(message):
    counts["skipped"] += 1
    print("SKIP  " + message)


def rel(path):
    return os.path.relpath(path, REPO)


def load_all_yaml():
    documents = {}
    for path in sorted(glob.glob(os.path.join(DEPLOY, "**", "*.y*ml"), recursive=True)):
        try:
            with open(path, encoding="utf-8") as handle:
                docs = [d for d in yaml.safe_load_all(handle) if d is not None]
            check(len(docs) > 0, f"{rel(path)} parses ({len(docs)} document(s))")
            documents[path] = docs
        except yaml.YAMLError as error:
            check(False, f"{rel(path)} does not parse: {error}")
    return documents


def api_routes():
    """Route strings that appear in the API's source (MapGet/MapHealthChecks/... literals)."""
    routes = set()
    for path in glob.glob(os.path.join(REPO, "src", "Nlp.Api", "**", "*.cs"), recursive=True):
        with open(path, encoding="utf-8") as handle:
            routes.update(re.findall(r'"(/[A-Za-z0-9_./{}:-]*)"', handle.read()))
    return routes


def containers(obj):
    return obj["spec"]["template"]["spec"].get("containers", [])


def check_dockerfiles():
    api = dockerfile_stage.read(os.path.join(DEPLOY, "Dockerfile"))
    identity = dockerfile_stage.read(os.path.join(DEPLOY, "Dockerfile.identity"))
    routes = api_routes()
    # The Api ships self-contained (its own runtime, composite ReadyToRun: ADR-008) on runtime-deps and starts its
    # apphost under SCHED_BATCH (chrt execs it: ADR-016); the identity server is framework-dependent on the aspnet
    # image and starts with `dotnet`.
    for name, stage, dll, port, base, entrypoint in (
            ("Dockerfile", api, "Nlp.Api.dll", "8080", "runtime-deps", ["chrt", "--batch", "0", "./Nlp.Api"]),
            ("Dockerfile.identity", identity, "Nlp.Identity.dll", "8081", "aspnet", ["dotnet", "Nlp.Identity.dll"])):
        check(stage["from"].startswith(f"mcr.microsoft.com/dotnet/{base}:"), f"{name}: runtime stage on the {base} image ({stage['from']})")
        check(str(stage["user"]).isdigit() and int(stage["user"]) != 0, f"{name}: USER is a non-root numeric UID ({stage['user']})")
        check(stage["expose"] == [port], f"{name}: EXPOSE {stage['expose']} == [{port}]")
        check(stage["env"].get("ASPNETCORE_URLS") == f"http://+:{port}", f"{name}: ASPNETCORE_URLS=http://+:{port}")
        check(stage["entrypoint"] == entrypoint, f"{name}: exec-form ENTRYPOINT {entrypoint} (PID 1 gets SIGTERM)")
        check(stage["workdir"] == "/app", f"{name}: WORKDIR /app (content root)")
        check("/app/data" in stage["volumes"], f"{name}: VOLUME /app/data (SQLite identity store)")
        health = " ".join(stage["healthcheck"]["cmd"]) if stage["healthcheck"] and stage["healthcheck"]["cmd"] else ""
        check(f"/dev/tcp/127.0.0.1/{port}" in health, f"{name}: HEALTHCHECK probes port {port} without curl/wget")
        published = [c for c in stage["build_dotnet_commands"] if c.startswith("dotnet publish")]
        check(len(published) == 1 and dll.replace(".dll", ".csproj") in published[0] and "-o /app" in published[0]
              and "-c Release" in published[0], f"{name}: build stage publishes {dll[:-4]} in Release to /app")
    check(api["env"].get("Models__Path") == "/models" and "/models" in api["volumes"], "Dockerfile: Models__Path=/models and VOLUME /models")
    api_publish = next((c for c in api["build_dotnet_commands"] if c.startswith("dotnet publish")), "")
    check(all(flag in api_publish for flag in ("--self-contained true", "-p:PublishReadyToRun=true", "-p:PublishReadyToRunComposite=true")),
          "Dockerfile: the Api is published self-contained with composite ReadyToRun (it runs on runtime-deps, ADR-008)")
    api_health = " ".join(api["healthcheck"]["cmd"])
    path = re.search(r"GET (\S+) HTTP", api_health).group(1)
    check(path in routes, f"Dockerfile: HEALTHCHECK path {path} is a route of Nlp.Api")
    return api, identity, routes


def check_dockerignore():
    path = os.path.join(REPO, ".dockerignore")
    if not check(os.path.isfile(path), ".dockerignore exists at the repository root"):
        return
    with open(path, encoding="utf-8") as handle:
        patterns = {line.strip() for line in handle if line.strip() and not line.startswith("#")}
    for needed in ("**/bin/", "**/obj/", ".git/", "data/"):
        check(needed in patterns, f".dockerignore excludes {needed}")
    for kept in ("src", "models", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig"):
        check(not any(p.rstrip("/") == kept for p in patterns), f".dockerignore keeps {kept} (the build needs it)")


def check_kubernetes(documents, api_stage, identity_stage, routes):
    objects = [d for path, docs in documents.items()
               if path.startswith(K8S + os.sep) and os.path.basename(path) != "kustomization.yaml" for d in docs]
    by_kind = {}
    for obj in objects:
        ok = isinstance(obj, dict) and obj.get("apiVersion") and obj.get("kind") and (obj.get("metadata") or {}).get("name")
        check(bool(ok), f"k8s object has apiVersion/kind/metadata.name: {obj.get('kind')}/{(obj.get('metadata') or {}).get('name')}")
        if not ok:
            continue
        if obj["kind"] in NAMESPACED:
            check(obj["metadata"].get("namespace") == "nlp", f"{obj['kind']}/{obj['metadata']['name']}: namespace nlp")
        by_kind.setdefault(obj["kind"], {})[obj["metadata"]["name"]] = obj
    check_kustomization(os.path.join(K8S, "kustomization.yaml"))

    workloads = {**by_kind.get("Deployment", {}), **by_kind.get("StatefulSet", {})}
    config_maps, secrets = by_kind.get("ConfigMap", {}), by_kind.get("Secret", {})
    claims = by_kind.get("PersistentVolumeClaim", {})
    images = {"nlp-inference/api": api_stage, "nlp-inference/identity": identity_stage}

    for name, workload in workloads.items():
        spec = workload["spec"]
        labels = spec["template"]["metadata"]["labels"]
        selector = spec["selector"]["matchLabels"]
        check(all(labels.get(k) == v for k, v in selector.items()), f"{name}: selector matches the pod template labels")
        pod = spec["template"]["spec"]
        pod_security = pod.get("securityContext", {})
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        claim_templates = {t["metadata"]["name"] for t in spec.get("volumeClaimTemplates", [])}
        for container in pod["containers"]:
            where = f"{name}/{container['name']}"
            security = {**pod_security, **container.get("securityContext", {})}
            check(security.get("runAsNonRoot") is True, f"{where}: runAsNonRoot true")
            check(security.get("allowPrivilegeEscalation") is False, f"{where}: allowPrivilegeEscalation false")
            check("ALL" in security.get("capabilities", {}).get("drop", []), f"{where}: drops all capabilities")
            for mount in container.get("volumeMounts", []):
                check(mount["name"] in volumes or mount["name"] in claim_templates, f"{where}: volumeMount {mount['name']} has a volume")
            ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
            image = container["image"].split(":")[0]
            stage = images.get(image)
            if stage:
                expose = int(stage["expose"][0])
                check(list(ports.values()) == [expose], f"{where}: containerPort {list(ports.values())} == the image's EXPOSE {expose}")
                check(str(security.get("runAsUser")) == stage["user"], f"{where}: runAsUser {security.get('runAsUser')} == the image's USER {stage['user']}")
                check(security.get("readOnlyRootFilesystem") is True, f"{where}: readOnlyRootFilesystem (the image writes only /tmp and /app/data)")
            for probe_name in ("startupProbe", "livenessProbe", "readinessProbe"):
                probe = container.get(probe_name)
                if not probe:
                    check(image not in images, f"{where}: has a {probe_name}")
                    continue
                target = probe.get("httpGet") or probe.get("tcpSocket")
                port = target["port"] if target else None
                if port is not None:
                    check(port in ports or port in ports.values(), f"{where}: {probe_name} port {port} is a container port")
                if probe.get("httpGet"):
                    path = probe["httpGet"]["path"]
                    if image == "nlp-inference/api":
                        wanted = "/health/ready" if probe_name == "readinessProbe" else "/health/live"
                        check(path == wanted and path in routes, f"{where}: {probe_name} {path} (served by Nlp.Api: {path in routes})")
                    else:
                        check(path in SERVED_BY_LIBRARIES, f"{where}: {probe_name} {path} is served by Nlp.Identity (OpenIddict)")
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    check(source["configMapRef"]["name"] in config_maps, f"{where}: envFrom ConfigMap {source['configMapRef']['name']} exists")
            for variable in container.get("env", []):
                ref = (variable.get("valueFrom") or {}).get("secretKeyRef")
                if ref:
                    secret = secrets.get(ref["name"], {})
                    check(ref["key"] in secret.get("stringData", {}), f"{where}: {variable['name']} from Secret {ref['name']}/{ref['key']} (in secret.example.yaml)")
            if image == "nlp-inference/api":
                mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
                models_path = api_stage["env"]["Models__Path"]
                check(models_path in mounts and mounts[models_path].get("readOnly") is True, f"{where}: models mounted read-only at {models_path}")
        for volume in volumes.values():
            claim = volume.get("persistentVolumeClaim")
            if claim:
                check(claim["claimName"] in claims, f"{name}: PVC {claim['claimName']} exists")
                access = claims.get(claim["claimName"], {}).get("spec", {}).get("accessModes", [])
                check("ReadOnlyMany" in access and claim.get("readOnly") is True, f"{name}: models claim is ReadOnlyMany and mounted readOnly")

    for name, service in by_kind.get("Service", {}).items():
        selector = service["spec"]["selector"]
        matches = [w for w in workloads.values() if all(w["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in selector.items())]
        if check(len(matches) == 1, f"Service/{name}: selects exactly one workload"):
            named = {p.get("name"): p["containerPort"] for c in containers(matches[0]) for p in c.get("ports", [])}
            for port in service["spec"]["ports"]:
                target = port.get("targetPort", port["port"])
                check(target in named or target in named.values(), f"Service/{name}: targetPort {target} is a container port")

    deployments = by_kind.get("Deployment", {})
    for name, hpa in by_kind.get("HorizontalPodAutoscaler", {}).items():
        target = hpa["spec"]["scaleTargetRef"]
        deployment = deployments.get(target["name"])
        check(target["kind"] == "Deployment" and deployment is not None, f"HPA/{name}: targets Deployment/{target['name']}")
        if deployment:
            check(all("cpu" in c.get("resources", {}).get("requests", {}) for c in containers(deployment)), f"HPA/{name}: target containers request CPU (utilisation is relative to it)")
            check(hpa["spec"]["minReplicas"] >= 2, f"HPA/{name}: minReplicas >= 2 (no single point of failure)")
    for name, pdb in by_kind.get("PodDisruptionBudget", {}).items():
        selector = pdb["spec"]["selector"]["matchLabels"]
        check(any(all(d["spec"]["template"]["metadata"]["labels"].get(k) == v for k, v in selector.items()) for d in deployments.values()), f"PDB/{name}: selects a Deployment")
    services = by_kind.get("Service", {})
    for name, ingress in by_kind.get("Ingress", {}).items():
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                service = services.get(backend["name"])
                port_names = {p.get("name") for p in service["spec"]["ports"]} if service else set()
                check(service is not None and backend["port"].get("name") in port_names, f"Ingress/{name}: {path['path']} -> Service/{backend['name']}:{backend['port']}")
    api_config = config_maps.get("nlp-api-config", {}).get("data", {})
    identity_config = config_maps.get("nlp-identity-config", {}).get("data", {})
    check(api_config.get("Models__Path") == api_stage["env"]["Models__Path"], "nlp-api-config: Models__Path agrees with the Dockerfile")
    authority = api_config.get("Auth__Authority", "")
    check(authority == identity_config.get("Identity__Issuer"), "Auth__Authority (API) == Identity__Issuer (identity): tokens carry the issuer the APIs expect")
    identity_service = services.get("nlp-identity", {})
    service_port = [p["port"] for p in identity_service.get("spec", {}).get("ports", [])]
    check(re.match(rf"http://nlp-identity(\.nlp(\.svc(\.cluster\.local)?)?)?:{service_port[0] if service_port else 0}/$", authority) is not None,
          f"Auth__Authority {authority} names Service/nlp-identity and its port {service_port}")
    check(api_config.get("Auth__ClientId") == identity_config.get("Identity__Clients__0__ClientId"), "the API's introspection client is seeded by the identity server")
    hosts = {rule["host"] for ingress in by_kind.get("Ingress", {}).values() for rule in ingress["spec"]["rules"]}
    token_url = api_config.get("Auth__TokenUrl", "")
    check(any(token_url == f"https://{host}/oauth/token" for host in hosts), f"Auth__TokenUrl {token_url} is the Ingress's public /oauth/token")


def check_kustomization(path):
    with open(path, encoding="utf-8") as handle:
        kustomization = yaml.safe_load(handle)
    listed = set(kustomization.get("resources", []))
    for resource in listed:
        check(os.path.isfile(os.path.join(K8S, resource)), f"kustomization: {resource} exists")
    for file in sorted(os.listdir(K8S)):
        if file.endswith(".yaml") and file != "kustomization.yaml" and ".example." not in file:
            check(file in listed, f"kustomization lists {file}")
    kubectl = shutil.which("kubectl")
    if not kubectl:
        skip("kubectl not installed: `kubectl kustomize deploy/k8s` not run")
        return
    result = subprocess.run([kubectl, "kustomize", K8S], capture_output=True, text=True, timeout=60)
    rendered = list(yaml.safe_load_all(result.stdout)) if result.returncode == 0 else []
    check(result.returncode == 0 and len(rendered) >= len(listed), f"kubectl kustomize deploy/k8s renders {len(rendered)} objects {result.stderr.strip()[:200]}")


def service_environment(service):
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return environment


def check_compose(documents, api_stage, identity_stage):
    nginx_upstreams = nginx_servers()
    for file in ("docker-compose.yml", "docker-compose.split.yml"):
        path = os.path.join(DEPLOY, file)
        if not check(path in documents, f"{file} exists"):
            continue
        compose = documents[path][0]
        services = compose.get("services", {})
        declared_volumes = set((compose.get("volumes") or {}).keys())
        check(len(services) > 0, f"{file}: has services ({', '.join(services)})")
        for name, service in services.items():
            where = f"{file}: {name}"
            check("image" in service or "build" in service, f"{where}: has an image or a build")
            build = service.get("build")
            if build:
                dockerfile = os.path.normpath(os.path.join(DEPLOY, build["context"], build["dockerfile"]))
                check(os.path.isfile(dockerfile), f"{where}: dockerfile {rel(dockerfile)} exists")
            for dependency in (service.get("depends_on") or {}):
                check(dependency in services, f"{where}: depends_on {dependency} is a service")
            for volume in service.get("volumes", []):
                source, target = volume.split(":")[:2]
                if source.startswith((".", "/")):
                    check(os.path.exists(os.path.normpath(os.path.join(DEPLOY, source))), f"{where}: bind source {source} exists")
                else:
                    check(source in declared_volumes, f"{where}: named volume {source} is declared")
                if target == "/models":
                    check(volume.endswith(":ro"), f"{where}: models mounted read-only")
            image = service.get("image", "")
            if image.startswith("nlp-inference/api"):
                check(api_stage["env"]["Models__Path"] == "/models" and any(v.split(":")[1] == "/models" for v in service.get("volumes", [])),
                      f"{where}: mounts the models at the image's Models__Path")
                for port in service.get("ports", []):
                    check(str(port).split(":")[-1] == api_stage["expose"][0], f"{where}: publishes container port {api_stage['expose'][0]}")
        if file == "docker-compose.split.yml":
            identity = service_environment(services.get("identity", {}))
            for name in ("api-1", "api-2"):
                environment = service_environment(services.get(name, {}))
                check(environment.get("Auth__Mode") == "External", f"{file}: {name} in External mode")
                check(environment.get("Auth__Authority") == identity.get("Identity__Issuer") ==
                      f"http://identity:{identity_stage['expose'][0]}/", f"{file}: {name} Auth__Authority == identity's Identity__Issuer (identity:{identity_stage['expose'][0]})")
                check(environment.get("Auth__ClientId") == identity.get("Identity__Clients__0__ClientId"), f"{file}: {name}'s introspection client is seeded")
            check(identity.get("Identity__Database__Provider") == "PostgreSql" and "Host=postgres" in identity.get("ConnectionStrings__Identity", ""),
                  f"{file}: identity store on the postgres service")
            for host, port in nginx_upstreams:
                check(host in services and (port == api_stage["expose"][0] if host.startswith("api") else port == identity_stage["expose"][0]),
                      f"nginx.conf upstream {host}:{port} is a compose service on its image's port")


def nginx_servers():
    with open(os.path.join(DEPLOY, "nginx", "nginx.conf"), encoding="utf-8") as handle:
        return re.findall(r"^\s*server\s+([A-Za-z0-9_.-]+):(\d+)", handle.read(), re.MULTILINE)


def check_nginx():
    path = os.path.join(DEPLOY, "nginx", "nginx.conf")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    retries = re.findall(r"^\s*proxy_next_upstream\s+([^;]*);", text, re.MULTILINE)
    check(len(retries) > 0 and all({"error", "timeout", "http_502", "http_503"} <= set(r.split()) for r in retries),
          f"nginx.conf: every proxy_next_upstream has error timeout http_502 http_503 ({len(retries)} locations)")
    check(all("max_fails=" in line for line in re.findall(r"^\s*server\s+\S+:\d+.*$", text, re.MULTILINE)), "nginx.conf: every upstream server has max_fails (passive health)")
    check(re.search(r"^\s*listen 8080;", text, re.MULTILINE) is not None, "nginx.conf: listens on 8080 (the one public origin)")
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx:
        skip("nginx not installed (Debian nginx-light): `nginx -t` not run")
        return
    local = re.sub(r"\b(api-1|api-2|identity):(\d+)", r"127.0.0.1:\2", text)
    with tempfile.TemporaryDirectory() as folder:
        conf = os.path.join(folder, "nginx.conf")
        with open(conf, "w", encoding="utf-8") as handle:
            handle.write(local)
        result = subprocess.run([nginx, "-t", "-q", "-c", conf, "-e", "stderr", "-g", f"pid {folder}/nginx.pid;"],
                                capture_output=True, text=True, timeout=30)
    check(result.returncode == 0, f"nginx -t accepts deploy/nginx/nginx.conf (upstreams at 127.0.0.1) {result.stderr.strip()[:300]}")


def main():
    documents = load_all_yaml()
    api_stage, identity_stage, routes = check_dockerfiles()
    check_dockerignore()
    check_kubernetes(documents, api_stage, identity_stage, routes)
    check_compose(documents, api_stage, identity_stage)
    check_nginx()
    print(f"manifests: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
