#!/usr/bin/env python3
"""Generates schemas/*.json (JSON Schema draft-07) from the CSDL blocks in metadata/.

    tools/gen_schemas.py [--metadata DIR] [--out DIR]   # write the generated files
    tools/gen_schemas.py --check [--metadata DIR] [--out DIR]
                                                        # exit 1 when --out differs

Inputs: every metadata/csdl/*.xml (fragments of Microsoft's CSDL: EnumType, ComplexType,
EntityType, Action blocks) and metadata/documented-additions.xml (documented facts the CSDL
lacks). Outputs one file per type reachable from ROOTS (file name = type name + ".json") and
the request bodies in BODIES. Files in --out whose description does not carry GENERATED_MARK
are hand-written and left alone. Python 3 standard library only; output is deterministic.
"""

import argparse
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
GENERATED_MARK = "by tools/gen_schemas.py (do not edit)"
ODATA_ANNOTATIONS = {"@odata\\.": {}}
GUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

# The entity types the mock serves; every type they use is generated with them.
ROOTS = [
    "deviceComplianceScript",
    "deviceComplianceScriptDeviceState",
    "deviceHealthScript",
    "deviceHealthScriptDeviceState",
    "deviceLogCollectionResponse",
    "deviceManagementScript",
    "deviceManagementScriptDeviceState",
    "managedDevice",
    "teamwork",
    "teamworkDevice",
    "teamworkDeviceActivity",
    "teamworkDeviceConfiguration",
    "teamworkDeviceHealth",
    "teamworkDeviceOperation",
]

# Request bodies, under the file names the routes use (mock/*/..._resource.cc).
#   action: the bound action's parameters (binding parameter dropped);
#   create/update: the entity's properties; `required` as the docs' create page says,
#   `exclude` what the client may not send.
BODIES = {
    "updateSoftwareRequest": {"action": "updateSoftware", "binding": "teamworkDevice"},
    "createDeviceLogCollectionRequestBody": {
        "action": "createDeviceLogCollectionRequest", "binding": "managedDevice"},
    "emptyRequest": {"action": "runDiagnostics", "binding": "teamworkDevice",
                     "used_by": "restart, runDiagnostics (teamworkDevice) and createDownloadUrl "
                                "(deviceLogCollectionResponse)"},
    "teamworkDeviceOperationCreateRequest": {
        "create": "teamworkDeviceOperation", "required": ["operationType", "status"]},
    "deviceLogCollectionResponseCreateRequest": {"create": "deviceLogCollectionResponse"},
    "deviceLogCollectionResponseUpdateRequest": {
        "update": "deviceLogCollectionResponse", "exclude": ["id"]},
}

PRIMITIVES = {
    "Edm.String": {"type": "string"},
    "Edm.Boolean": {"type": "boolean"},
    "Edm.Byte": {"type": "integer", "minimum": 0, "maximum": 255},
    "Edm.Int16": {"type": "integer", "format": "int16"},
    "Edm.Int32": {"type": "integer", "format": "int32"},
    "Edm.Int64": {"type": "integer", "format": "int64"},
    "Edm.Double": {"type": "number"},
    "Edm.Single": {"type": "number"},
    "Edm.Decimal": {"type": "number"},
    "Edm.DateTimeOffset": {"type": "string", "format": "date-time"},
    "Edm.Date": {"type": "string", "format": "date"},
    "Edm.TimeOfDay": {"type": "string", "format": "time"},
    "Edm.Duration": {"type": "string", "format": "duration"},
    "Edm.Guid": {"type": "string", "format": "uuid", "pattern": GUID_PATTERN},
    "Edm.Binary": {"type": "string", "contentEncoding": "base64"},
    "Edm.Stream": {},
    "Edm.Untyped": {},
}


class Model:
    """The types of every block, by name, and the file each came from."""

    def __init__(self):
        self.types = {}  # name -> (kind, element, file)
        self.actions = {}  # (name, binding type) -> (element, file)
        self.unresolved = {}  # name -> kind

    def add(self, element, path):
        kind = element.tag.replace(EDM, "")
        name = element.get("Name")
        if kind == "Action":
            binding = short(element.find(EDM + "Parameter").get("Type"))
            self._put(self.actions, (name, binding), (element, path), path)
        elif kind in ("EnumType", "ComplexType", "EntityType"):
            self._put(self.types, name, (kind, element, path), path)

    @staticmethod
    def _put(table, key, value, path):
        old = table.get(key)
        if old and canonical(old[-2]) != canonical(value[-2]):
            sys.exit(f"gen_schemas: {key} differs between {old[-1]} and {path}")
        table.setdefault(key, value)


def short(type_name):
    return type_name.replace("graph.", "").replace("microsoft.graph.", "")


def canonical(element):
    return ET.tostring(element, encoding="unicode").replace(" ", "").replace("\n", "")


def parse_fragments(path):
    """A CSDL fragment file: blocks without a common root, in the edm namespace."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"</?Fragments>", "", text)
    return ET.fromstring(f'<Fragments xmlns="{EDM[1:-1]}">{text}</Fragments>')


def load(metadata_dir):
    model = Model()
    csdl_files = sorted(glob.glob(os.path.join(metadata_dir, "csdl", "*.xml")))
    for path in csdl_files:
        rel = os.path.relpath(path, metadata_dir)
        for element in parse_fragments(path):
            model.add(element, rel)
    additions = os.path.join(metadata_dir, "documented-additions.xml")
    root = ET.parse(additions).getroot()
    for item in root:
        if item.tag == "EnumMember":
            _, enum, _ = model.types[item.get("EnumType")]
            ET.SubElement(enum, EDM + "Member", Name=item.get("Name"), Value=item.get("Value"),
                          Documented="true")
        elif item.tag == "Property":
            _, owner, _ = model.types[item.get("Type")]
            ET.SubElement(owner, EDM + "Property", Name=item.get("Name"),
                          Type=item.get("PropertyType"), Documented="true")
        elif item.tag == "Unresolved":
            model.unresolved[item.get("Name")] = item.get("Kind")
    return model


class Generator:
    def __init__(self, model):
        self.model = model
        self.out = {}
        self.pending = list(ROOTS)

    # ---- type references ----

    def ref(self, type_name, nullable):
        """The schema of a property (or parameter) of CSDL type `type_name`."""
        collection = type_name.startswith("Collection(")
        inner = type_name[len("Collection("):-1] if collection else type_name
        if inner.startswith("Edm."):
            schema = dict(PRIMITIVES[inner])
            if nullable and not collection and "type" in schema:
                schema["type"] = [schema["type"], "null"]
        else:
            name = short(inner)
            schema = self.named(name)
            if nullable and not collection:
                schema = {"anyOf": [schema, {"type": "null"}]}
        # OData collections are never null; Nullable speaks of their items.
        return {"type": "array", "items": schema} if collection else schema

    def named(self, name):
        if name in self.model.unresolved:
            kind = self.model.unresolved[name]
            return {"type": "string" if kind == "EnumType" else "object",
                    "description": f"{name}: block not in metadata/csdl yet "
                                   "(metadata/documented-additions.xml)"}
        if name not in self.model.types:
            sys.exit(f"gen_schemas: type {name} is used but defined nowhere in metadata/")
        self.pending.append(name)
        return {"$ref": f"{name}.json"}

    # ---- one file per type ----

    def run(self):
        for name, spec in BODIES.items():
            self.out[name] = self.body_file(name, spec)
        while self.pending:
            name = self.pending.pop()
            if name not in self.out:
                self.out[name] = None  # in progress (recursive types)
                self.out[name] = self.type_file(name)
        return self.out

    def header(self, name, title, source):
        return {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": f"{name}.json",
            "title": title,
            "description": f"Generated from metadata/{source} {GENERATED_MARK}.",
        }

    def type_file(self, name):
        kind, element, source = self.model.types[name]
        doc = self.header(name, name, source)
        if kind == "EnumType":
            schema = self.enum_schema(element)
            doc["description"] += " " + schema.pop("description")
            return {**doc, **schema}
        if element.get("Abstract") == "true" and kind == "ComplexType":
            derived = sorted(n for n, (k, e, _) in self.model.types.items()
                             if k == "ComplexType" and short(e.get("BaseType", "")) == name)
            if derived:
                doc["description"] += " Abstract: one of its derived types, named by @odata.type."
                doc["anyOf"] = [self.named(d) for d in derived]
                return doc
        properties, required = self.members(element, kind, navigation=True)
        documented = [p.get("Name") for p in element.findall(EDM + "Property") if p.get("Documented")]
        if documented:
            doc["description"] += (" " + ", ".join(documented) + " from metadata/"
                                   "documented-additions.xml (not in this block).")
        if kind == "ComplexType" and self.is_derived(element):
            properties["@odata.type"] = {"type": "string", "enum": [f"#microsoft.graph.{name}"]}
            required.append("@odata.type")
        doc["type"] = "object"
        doc["properties"] = dict(sorted(properties.items()))
        if required:
            doc["required"] = sorted(required)
        if self.is_open(element):
            doc["additionalProperties"] = True
        else:
            doc["patternProperties"] = ODATA_ANNOTATIONS
            doc["additionalProperties"] = False
        return doc

    def enum_schema(self, element):
        members = [m.get("Name") for m in element.findall(EDM + "Member")]
        schema = {"type": "string"}
        if element.get("IsFlags") == "true":
            one = "|".join(re.escape(m) for m in members)
            schema["pattern"] = f"^({one})(,({one}))*$"
            note = "Flags: a comma-separated list of members."
        else:
            schema["enum"] = members
            note = "Members in declared order."
        if "unknownFutureValue" in members and members[-1] != "unknownFutureValue":
            later = members[members.index("unknownFutureValue") + 1:]
            note += (" Evolvable: " + ", ".join(later) + " (after unknownFutureValue) reach only"
                     " clients that send Prefer: include-unknown-enum-members.")
        documented = [m.get("Name") for m in element.findall(EDM + "Member")
                      if m.get("Documented")]
        if documented:
            note += (" " + ", ".join(documented) + " from the docs, not the metadata"
                     " (metadata/documented-additions.xml).")
        schema["description"] = note
        return schema

    def chain(self, element):
        """The element and its base types, base first."""
        chain = [element]
        while chain[0].get("BaseType"):
            base = short(chain[0].get("BaseType"))
            if base not in self.model.types:
                sys.exit(f"gen_schemas: base type {base} is defined nowhere in metadata/")
            chain.insert(0, self.model.types[base][1])
        return chain

    def is_derived(self, element):
        return any(e.get("Abstract") == "true" for e in self.chain(element)[:-1])

    def is_open(self, element):
        return any(e.get("OpenType") == "true" for e in self.chain(element))

    def members(self, element, kind, navigation):
        properties = {"@odata.type": {"type": "string"}}
        required = ["id"] if kind == "EntityType" else []
        for e in self.chain(element):
            for p in e.findall(EDM + "Property"):
                nullable = p.get("Nullable") != "false"
                properties[p.get("Name")] = self.ref(p.get("Type"), nullable)
                if not nullable and kind == "EntityType":
                    required.append(p.get("Name"))
            if not navigation:
                continue
            # Navigation properties appear inline only with $expand (and in fixture files);
            # those whose target the mock does not serve are left out (rejected).
            for n in e.findall(EDM + "NavigationProperty"):
                target = short(n.get("Type").replace("Collection(", "").rstrip(")"))
                if target in self.model.types:
                    properties[n.get("Name")] = self.ref(n.get("Type"), True)
        if kind == "EntityType":
            properties["id"] = {"type": "string"}
        return properties, sorted(set(required))

    # ---- request bodies ----

    def body_file(self, name, spec):
        if "action" in spec:
            element, source = self.model.actions[(spec["action"], spec["binding"])]
            doc = self.header(name, f"{spec['action']} request", source)
            doc["description"] += (f" Body of the {spec['action']} action bound to "
                                   f"{spec['binding']}" +
                                   (f"; also used by {spec['used_by']}" if "used_by" in spec
                                    else "") + ".")
            params = element.findall(EDM + "Parameter")[1:]
            doc["type"] = "object"
            if not params:
                doc["description"] += " No parameters: the body is absent or {}."
                doc["maxProperties"] = 0
                return doc
            doc["properties"] = {p.get("Name"): self.ref(p.get("Type"),
                                                         p.get("Nullable") != "false")
                                 for p in sorted(params, key=lambda p: p.get("Name"))}
            required = sorted(p.get("Name") for p in params if p.get("Nullable") == "false")
            if required:
                doc["required"] = required
            doc["additionalProperties"] = False
            return doc
        verb = "create" if "create" in spec else "update"
        entity = spec[verb]
        kind, element, source = self.model.types[entity]
        doc = self.header(name, f"{entity} {verb} request", source)
        properties, _ = self.members(element, kind, navigation=False)
        for excluded in spec.get("exclude", []):
            properties.pop(excluded)
        # A client may name the type it sends: only the entity's own, with or without '#'.
        properties["@odata.type"] = {"type": "string", "enum": [f"#microsoft.graph.{entity}",
                                                                f"microsoft.graph.{entity}"]}
        doc["description"] += (f" Body of {'POST' if verb == 'create' else 'PATCH'} of a "
                               f"{entity}: its properties" +
                               (", id excluded" if "id" in spec.get("exclude", []) else "") +
                               "; " + (", ".join(spec["required"]) + " required"
                                       if spec.get("required") else "none required") + ".")
        doc["type"] = "object"
        doc["properties"] = dict(sorted(properties.items()))
        if spec.get("required"):
            doc["required"] = sorted(spec["required"])
        doc["patternProperties"] = ODATA_ANNOTATIONS
        doc["additionalProperties"] = False
        return doc


def render(schema):
    return json.dumps(schema, indent=2) + "\n"


def is_generated(path):
    try:
        return GENERATED_MARK in json.load(open(path, encoding="utf-8")).get("description", "")
    except (OSError, ValueError):
        return False


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metadata", default=os.path.join(here, "metadata"))
    parser.add_argument("--out", default=os.path.join(here, "schemas"))
    parser.add_argument("--check", action="store_true",
                        help="compare with --out instead of writing; exit 1 when stale")
    args = parser.parse_args()

    files = {f"{name}.json": render(schema)
             for name, schema in Generator(load(args.metadata)).run().items()}
    existing = {os.path.basename(p) for p in glob.glob(os.path.join(args.out, "*.json"))}
    stale = sorted(f for f in existing if f not in files and
                   is_generated(os.path.join(args.out, f)))
    if args.check:
        differ = sorted(f for f, text in files.items()
                        if f not in existing or
                        open(os.path.join(args.out, f), encoding="utf-8").read() != text)
        for f in differ:
            print(f"{os.path.join(args.out, f)}: differs from what tools/gen_schemas.py makes")
        for f in stale:
            print(f"{os.path.join(args.out, f)}: generated file no CSDL type makes any more")
        if differ or stale:
            print("schemas/ is stale: run tools/gen_schemas.py and commit the result")
            return 1
        return 0
    os.makedirs(args.out, exist_ok=True)
    for f, text in sorted(files.items()):
        with open(os.path.join(args.out, f), "w", encoding="utf-8") as out:
            out.write(text)
    for f in stale:
        os.remove(os.path.join(args.out, f))
    print(f"gen_schemas: {len(files)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
