// Offline check of Kubernetes manifests (no cluster, no kubectl): parses every YAML file under the
// given folder, renders each kustomization in it (resources, namespace, patches, replicas, images,
// secret/config map generators: the subset this repository uses; anything else is an error, so
// nothing is silently ignored) and validates every rendered object against the Kubernetes
// OpenAPI schemas shipped in kubernetes-models, or, for the Dapr and RabbitMQ custom resources it
// has none for, against the fields listed in CUSTOM below.
//
//   node validate.mjs <folder>     prints JSON: { files, kustomizations: { "<dir>": [objects] },
//                                  manifests: { "<file>": [objects as written] }, errors }
//                                  exit code 0 when errors is empty, 1 otherwise.
// tests/Deploy.Tests runs it and checks the rendered objects against the services in services/.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { parseAllDocuments } from "yaml";

const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), ".."));
const errors = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);
const rel = (p) => relative(root, p) || ".";

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function parseFile(path) {
  const docs = parseAllDocuments(readFileSync(path, "utf8"), { uniqueKeys: true });
  const objects = [];
  for (const doc of docs) {
    for (const e of doc.errors) fail(rel(path), `YAML: ${e.message}`);
    for (const w of doc.warnings) fail(rel(path), `YAML: ${w.message}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

// ---- kustomize subset ------------------------------------------------------------------------

const KNOWN_KEYS = new Set(["apiVersion", "kind", "resources", "namespace", "patches", "replicas", "images", "secretGenerator", "configMapGenerator", "generatorOptions"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume", "StorageClass"]);
const id = (o) => `${o.kind}/${o.metadata?.name}`;

function render(dir) {
  const where = rel(join(dir, "kustomization.yaml"));
  const [k] = parseFile(join(dir, "kustomization.yaml"));
  if (!k) { fail(where, "empty kustomization"); return []; }
  for (const key of Object.keys(k)) if (!KNOWN_KEYS.has(key)) fail(where, `'${key}' is not supported by this validator`);
  if (k.apiVersion !== "kustomize.config.k8s.io/v1beta1" || k.kind !== "Kustomization") fail(where, "not a kustomize.config.k8s.io/v1beta1 Kustomization");

  let objects = [];
  for (const r of k.resources ?? []) {
    const path = resolve(dir, r);
    if (!existsSync(path)) { fail(where, `resource ${r} does not exist`); continue; }
    objects.push(...(statSync(path).isDirectory() ? render(path) : parseFile(path)));
  }
  for (const g of k.configMapGenerator ?? []) objects.push(generated(where, "ConfigMap", g, (v) => v));
  for (const g of k.secretGenerator ?? []) objects.push(generated(where, "Secret", g, (v) => Buffer.from(String(v)).toString("base64")));

  for (const p of k.patches ?? []) {
    if (!p.path || p.target || p.patch) { fail(where, "only patches: [{ path: <strategic merge patch file> }] are supported"); continue; }
    for (const patch of parseFile(resolve(dir, p.path))) {
      const target = objects.find((o) => o.kind === patch.kind && o.metadata?.name === patch.metadata?.name);
      if (!target) { fail(where, `patch ${p.path}: no ${id(patch)} to patch`); continue; }
      objects[objects.indexOf(target)] = merge(target, patch);
    }
  }
  for (const r of k.replicas ?? []) {
    const target = objects.find((o) => o.kind === "Deployment" && o.metadata?.name === r.name);
    if (!target) fail(where, `replicas: no Deployment/${r.name}`);
    else target.spec.replicas = r.count;
  }
  for (const image of k.images ?? []) {
    let used = false;
    for (const o of objects) {
      for (const c of podContainers(o)) {
        const [name, tag] = splitImage(c.image);
        if (name !== image.name) continue;
        used = true;
        c.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
      }
    }
    if (!used) fail(where, `images: no container uses ${image.name}`);
  }
  if (k.namespace) for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  return objects;
}

function generated(where, kind, g, encode) {
  if (g.behavior && g.behavior !== "create") fail(where, `${kind} generator ${g.name}: only behavior create is supported`);
  if (g.files || g.envs) fail(where, `${kind} generator ${g.name}: only literals are supported`);
  const data = {};
  for (const literal of g.literals ?? []) {
    const at = literal.indexOf("=");
    if (at <= 0) { fail(where, `${kind} generator ${g.name}: '${literal}' is not key=value`); continue; }
    data[literal.slice(0, at)] = encode(literal.slice(at + 1));
  }
  const object = { apiVersion: "v1", kind, metadata: { name: g.name }, data };
  if (g.type) object.type = g.type;
  return object;
}

// Strategic merge as kustomize does it for these objects: maps merge, null deletes, lists of
// objects with a name (containers, env, ports, volumes) merge by name, other lists are replaced.
function merge(target, patch) {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !patch.every((p) => p && typeof p === "object" && "name" in p)) return structuredClone(patch);
    const result = structuredClone(target);
    for (const p of patch) {
      const i = result.findIndex((t) => t?.name === p.name);
      if (i < 0) result.push(structuredClone(p));
      else result[i] = merge(result[i], p);
    }
    return result;
  }
  if (patch && typeof patch === "object") {
    const result = target && typeof target === "object" && !Array.isArray(target) ? structuredClone(target) : {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete result[key];
      else result[key] = merge(result[key], value);
    }
    return result;
  }
  return patch;
}

function podContainers(o) {
  const spec = o.spec?.template?.spec;
  return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : [];
}

function splitImage(image) {
  const at = image.lastIndexOf(":");
  return at > image.lastIndexOf("/") ? [image.slice(0, at), image.slice(at + 1)] : [image, "latest"];
}

// ---- schemas ---------------------------------------------------------------------------------

// Custom resources kubernetes-models has no schema for: the fields this repository uses, checked
// here (unknown fields are errors, so a typo is caught; add a field when a manifest needs it).
// tests/Deploy.Tests checks what their values mean.
const str = "string", bool = "boolean";
const obj = (fields, required = []) => ({ fields, required });
const list = (items) => ({ items });
const oneOf = (...values) => ({ values });
const ref = obj({ name: str, namespace: str }, ["name"]);
const metadata = obj({ name: str, namespace: str, labels: "map", annotations: "map" }, ["name"]);
const CUSTOM = {
  "dapr.io/v1alpha1 Configuration": obj({
    accessControl: obj({
      defaultAction: oneOf("allow", "deny"),
      trustDomain: str,
      policies: list(obj({
        appId: str, namespace: str, trustDomain: str, defaultAction: oneOf("allow", "deny"),
        operations: list(obj({ name: str, httpVerb: list(str), action: oneOf("allow", "deny") }, ["name", "action"])),
      }, ["appId", "namespace", "trustDomain"])),
    }, ["defaultAction"]),
    mtls: obj({ enabled: bool, workloadCertTTL: str, allowedClockSkew: str }, ["enabled"]),
  }),
  "rabbitmq.com/v1beta1 User": obj({ rabbitmqClusterReference: ref, importCredentialsSecret: ref, tags: list(str) }, ["rabbitmqClusterReference"]),
  "rabbitmq.com/v1beta1 Permission": obj({
    vhost: str, user: str, userReference: ref, rabbitmqClusterReference: ref,
    permissions: obj({ configure: str, write: str, read: str }, ["configure", "write", "read"]),
  }, ["vhost", "permissions", "rabbitmqClusterReference"]),
};

function checkShape(where, path, value, schema) {
  if (schema === "map") {
    if (!value || typeof value !== "object" || Array.isArray(value) || Object.values(value).some((v) => typeof v !== str)) fail(where, `${path}: must be a map of strings`);
  } else if (typeof schema === "string") {
    if (typeof value !== schema) fail(where, `${path}: must be a ${schema}`);
  } else if (schema.values) {
    if (!schema.values.includes(value)) fail(where, `${path}: must be one of ${schema.values.join(", ")}`);
  } else if (schema.items) {
    if (!Array.isArray(value)) fail(where, `${path}: must be a list`);
    else value.forEach((item, i) => checkShape(where, `${path}[${i}]`, item, schema.items));
  } else if (!value || typeof value !== "object" || Array.isArray(value)) {
    fail(where, `${path}: must be an object`);
  } else {
    for (const key of Object.keys(value)) if (!(key in schema.fields)) fail(where, `${path}.${key}: unknown field`);
    for (const key of schema.required) if (!(key in value)) fail(where, `${path}.${key}: required`);
    for (const [key, field] of Object.entries(schema.fields)) if (key in value) checkShape(where, `${path}.${key}`, value[key], field);
  }
}

async function validate(where, o) {
  if (!o || typeof o !== "object" || !o.apiVersion || !o.kind) { fail(where, "an object without apiVersion and kind"); return; }
  const custom = CUSTOM[`${o.apiVersion} ${o.kind}`];
  if (custom) {
    checkShape(where, id(o), o, obj({ apiVersion: str, kind: str, metadata, spec: custom }, ["metadata", "spec"]));
    return;
  }
  const module = o.apiVersion.includes("/") ? `kubernetes-models/${o.apiVersion}` : `kubernetes-models/v1`;
  let model;
  try {
    model = (await import(module))[o.kind];
  } catch {
    model = undefined;
  }
  if (!model) { fail(where, `${o.apiVersion} ${o.kind} has no Kubernetes schema`); return; }
  try {
    new model(o).validate();
  } catch (e) {
    fail(where, `${id(o)}: ${e.message}`);
  }
}

const files = yamlFiles(root).map(rel).sort();
const kustomizations = {};
const manifests = {};
for (const file of files) {
  const path = join(root, file);
  if (/(^|\/)kustomization\.ya?ml$/.test(file)) {
    const dir = dirname(path);
    const objects = render(dir);
    const names = new Set();
    for (const o of objects) {
      await validate(`${rel(dir)} (rendered)`, o);
      const key = `${o.metadata?.namespace ?? ""}/${id(o)}`;
      if (names.has(key)) fail(rel(dir), `${id(o)} is defined twice`);
      names.add(key);
    }
    kustomizations[rel(dir)] = objects;
  } else {
    // Every manifest on its own too, so a file no kustomization includes is still checked.
    const objects = isPatch(path) ? [] : parseFile(path).filter((o) => o.kind !== "Kustomization");
    for (const o of objects) await validate(file, o);
    if (objects.length > 0) manifests[file] = objects;
  }
}

// Patch files hold partial objects; they are validated as part of the rendered overlay.
function isPatch(path) {
  return /(^|\/)patches\//.test(rel(path));
}

process.stdout.write(JSON.stringify({ root, files, kustomizations, manifests, errors }, null, 2) + "\n");
// exitCode, not exit(): a pipe would lose what is still being written.
process.exitCode = errors.length === 0 ? 0 : 1;
