#!/usr/bin/env python3
"""Generates schemas/*.json (JSON Schema draft-07) from the CSDL blocks in metadata/.

    tools/gen_schemas.py [--metadata DIR] [--out DIR]   # write the generated files
    tools/gen_schemas.py --check [--metadata DIR] [--out DIR]
                                                        # exit 1 when --out differs

Inputs: every metadata/csdl/*.xml (fragments of Microsoft's CSDL: EnumType, ComplexType,
EntityType, Action blocks) and metadata/documented-additions.xml (documented facts the CSDL
lacks, and the families: what each serves and the query support its pages document). Outputs
one file per type reachable from the families' paths (file name = type name + ".json") and the
request bodies (bodies()) into --out, each family's manifest (mock/<family>/manifest.json,
beside --out: what the family is, read by the server, with its scenario-settings.json fragment
when the folder has one) and --out/scenario.json, assembled from mock/scenario's and the
families' scenario-settings.json. Files in --out whose description does
not carry GENERATED_MARK are hand-written and left alone. Python 3 standard library only;
output is deterministic.
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
V1_FOLDER = "v1.0"  # --out/v1.0/: the v1.0 schemas
SETTINGS_FILE = "scenario-settings.json"  # a scenario-settings schema fragment, in a module folder
ODATA_ANNOTATIONS = {"@odata\\.": {}}
INSTANCE_ANNOTATIONS = {"@": {}}  # "@odata.etag", "@microsoft.graph.x", "status@odata.type"
GUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"

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
        self.families = []  # the <Family> elements of documented-additions.xml
        # Out-of-line <Annotations Target="microsoft.graph.x[/member]">: their <Annotation>s
        # by target, short-named ("x" or "x/member").
        self.annotations = {}

    def add(self, element, path):
        kind = element.tag.replace(EDM, "")
        name = element.get("Name")
        if kind == "Action":
            binding = short(element.find(EDM + "Parameter").get("Type"))
            self._put(self.actions, (name, binding), (element, path), path)
        elif kind in ("EnumType", "ComplexType", "EntityType"):
            self._put(self.types, name, (kind, element, path), path)
        elif kind == "Annotations":
            target = element.get("Target").removeprefix("microsoft.graph.").removeprefix("graph.")
            self.annotations.setdefault(target, []).extend(element.findall(EDM + "Annotation"))

    def chain(self, element):
        """The element and its base types, base first."""
        chain = [element]
        while chain[0].get("BaseType"):
            base = short(chain[0].get("BaseType"))
            if base not in self.types:
                sys.exit(f"gen_schemas: base type {base} is defined nowhere in metadata/")
            chain.insert(0, self.types[base][1])
        return chain

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


def load_blocks(metadata_dir, folder):
    """A Model of the CSDL blocks in metadata_dir/folder/*.xml."""
    model = Model()
    for path in sorted(glob.glob(os.path.join(metadata_dir, folder, "*.xml"))):
        rel = os.path.relpath(path, metadata_dir)
        for element in parse_fragments(path):
            model.add(element, rel)
    return model


def load(metadata_dir):
    model = load_blocks(metadata_dir, "csdl")
    # The v1.0 blocks (metadata/csdl/v1.0/): the shapes of the paths a family serves on /v1.0.
    model.v1 = load_blocks(metadata_dir, os.path.join("csdl", "v1.0"))
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
        elif item.tag == "Family":
            model.families.append(item)
    return model


def bodies(model):
    """The request bodies, by the file names the routes use, from the families' <Action Body=...>
    and <Body> elements (documented-additions.xml):
      action: the bound action's parameters (binding parameter dropped), from the first Action
        naming the body; `used_by` lists every action naming it when there are several;
      create/update: the entity's properties; `required` as the docs' create page says,
        `exclude` what the client may not send. An update may carry the key (the handler checks
        it names the entity) and any instance annotation, which OData says a service ignores."""
    out, users = {}, {}
    for family in model.families:
        for a in family.findall("Action"):
            if (a.get("Name"), a.get("Binding")) not in model.actions:
                sys.exit(f"gen_schemas: family {family.get('Name')}: no Action {a.get('Name')} "
                         f"bound to {a.get('Binding')} in metadata/csdl")
            out.setdefault(a.get("Body"), {"action": a.get("Name"), "binding": a.get("Binding")})
            users.setdefault(a.get("Body"), {}).setdefault(a.get("Binding"), []).append(
                a.get("Name"))
        for b in family.findall("Body"):
            verb = "create" if b.get("Create") else "update"
            spec = {verb: b.get("Create") or b.get("Update")}
            for key in ("required", "exclude"):
                if b.get(key.capitalize()):
                    spec[key] = b.get(key.capitalize()).split()
            if b.get("Name") in out:
                sys.exit(f"gen_schemas: body {b.get('Name')} is declared twice")
            out[b.get("Name")] = spec
    for name, by_binding in users.items():
        if sum(len(names) for names in by_binding.values()) > 1:
            groups = [f"{', '.join(sorted(names))} ({binding})"
                      for binding, names in by_binding.items()]
            out[name]["used_by"] = (", ".join(groups[:-1]) + " and " + groups[-1]
                                    if len(groups) > 1 else groups[0])
    return out


def fixture_name(fixture):
    """schemas/<this>.json is a fixture file's schema: fixtures.<its name without .json>."""
    return "fixtures." + fixture.get("File").removesuffix(".json")


def fixture_file(model, family, fixture):
    """The schema of one fixture file: {"value": [...]} of its Type, each item that type's
    schema (which holds the navigation properties written inline)."""
    kind, element, _ = model.types.get(fixture.get("Type"), (None, None, None))
    if kind != "EntityType":
        sys.exit(f"gen_schemas: family {family.get('Name')}: Fixture {fixture.get('File')}: "
                 f"{fixture.get('Type')} is no entity type in metadata/csdl")
    inline = fixture.get("Inline", "").split()
    navigation = [n.get("Name") for e in model.chain(element)
                  for n in e.findall(EDM + "NavigationProperty")]
    for name in inline:
        if name not in navigation:
            sys.exit(f"gen_schemas: Fixture {fixture.get('File')}: {fixture.get('Type')} has no "
                     f"navigation property {name} (Inline)")
    what = f"{{\"value\": [...]}} of {fixture.get('Type')} objects"
    if inline:
        what += f", with the contained/expanded navigation properties inline ({', '.join(inline)}"
        what += f", {fixture.get('Note')})" if fixture.get("Note") else ")"
    elif fixture.get("Note"):
        what += ", " + fixture.get("Note")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{fixture_name(fixture)}.json",
        "title": f"fixture file: {fixture.get('File').removesuffix('.json')}",
        "description": "Follows the fixture file format of SPEC.md (Scenarios, delays and "
                       f"failures) for fixtures/<set>/{fixture.get('File')}: {what}. Generated "
                       f"from metadata/documented-additions.xml {GENERATED_MARK}.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "description": {"type": "string"},
            "value": {"type": "array", "items": {"$ref": f"{fixture.get('Type')}.json"}},
        },
        "required": ["value"],
        "additionalProperties": False,
    }


def roots(model, version=None):
    """The entity types the mock serves: those of the families' paths (of `version`, or all)."""
    return sorted({p.get("Type") for f in model.families for p in f.findall("Path")
                   if p.get("Type") and version in (None, p.get("Version"))})


class Generator:
    """The schema files of the types `roots` reach in `model`, and the request bodies of `bodies`
    (bodies(model) of the families' model) whose action or entity `model` has; `folder` ("" or
    "v1.0/") prefixes each $id, so that a file's relative $refs name the files of its own
    folder."""

    def __init__(self, model, roots, bodies, folder=""):
        self.model = model
        self.bodies = bodies
        self.out = {}
        self.pending = list(roots)
        self.folder = folder

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
        for name, spec in self.bodies.items():
            if not self.folder or self.has_body(spec):
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
            "$id": f"{self.folder}{name}.json",
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

    def is_derived(self, element):
        return any(e.get("Abstract") == "true" for e in self.model.chain(element)[:-1])

    def is_open(self, element):
        return any(e.get("OpenType") == "true" for e in self.model.chain(element))

    def members(self, element, kind, navigation):
        properties = {"@odata.type": {"type": "string"}}
        required = ["id"] if kind == "EntityType" else []
        for e in self.model.chain(element):
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

    def has_body(self, spec):
        if "action" in spec:
            return (spec["action"], spec["binding"]) in self.model.actions
        return spec.get("create", spec.get("update")) in self.model.types

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
        doc["patternProperties"] = ODATA_ANNOTATIONS if verb == "create" else INSTANCE_ANNOTATIONS
        doc["additionalProperties"] = False
        return doc


REVISIONS = "Org.OData.Core.V1.Revisions"


def revisions(element, outside=()):
    """The element's Org.OData.Core.V1.Revisions records (deprecations), as data: those of its
    own <Annotation>s and of `outside`, the out-of-line <Annotations Target=...> ones."""
    out = []
    for a in [*element.findall(EDM + "Annotation"), *outside]:
        if a.get("Term") != REVISIONS:
            continue
        for record in a.iter(EDM + "Record"):
            r = {}
            for v in record.findall(EDM + "PropertyValue"):
                key = v.get("Property")
                key = key[0].lower() + key[1:]
                member = v.find(EDM + "EnumMember")
                r[key] = (member.text.rsplit("/", 1)[-1] if member is not None else
                          v.get("Date") or v.get("String"))
            out.append(r)
    return out


class Manifest:
    """mock/<family>/manifest.json: what Graph's metadata says about one family."""

    def __init__(self, model, family, settings=None, version="beta"):
        self.model = model
        self.family = family
        self.settings = settings
        self.version = version
        self.types = {}
        self.enums = {}

    def type_of(self, name):
        inner = name[len("Collection("):-1] if name.startswith("Collection(") else name
        return inner if inner.startswith("Edm.") else short(inner)

    def add(self, name):
        if name.startswith("Edm.") or name in self.types or name in self.enums:
            return
        if name not in self.model.types:  # Unresolved: any string or object
            self.types[name] = {"kind": "Unresolved", "source": "documented-additions.xml"}
            return
        kind, element, source = self.model.types[name]
        if kind == "EnumType":
            members = [m.get("Name") for m in element.findall(EDM + "Member")]
            later = (members[members.index("unknownFutureValue") + 1:]
                     if "unknownFutureValue" in members else [])
            self.enums[name] = {"source": source, "flags": element.get("IsFlags") == "true",
                                "members": members, "evolvable": later}
            return
        entry = {"kind": kind, "source": source}
        self.types[name] = entry
        if element.get("BaseType"):
            entry["baseType"] = short(element.get("BaseType"))
        if element.get("Abstract") == "true":
            entry["abstract"] = True
        properties, navigation = [], []
        chain = self.model.chain(element)
        for e in chain:
            for p in e.findall(EDM + "Property"):
                prop = {"name": p.get("Name"), "type": self.type_of(p.get("Type"))}
                if p.get("Type").startswith("Collection("):
                    prop["collection"] = True
                if p.get("Nullable") == "false":
                    prop["nullable"] = False
                if p.get("Documented"):
                    prop["source"] = "documented-additions.xml"
                found = revisions(p, self.model.annotations.get(f"{name}/{p.get('Name')}", ()))
                if found:
                    prop["revisions"] = found
                properties.append(prop)
                self.add(prop["type"])
            for n in e.findall(EDM + "NavigationProperty"):
                nav = {"name": n.get("Name"), "type": self.type_of(n.get("Type"))}
                if n.get("Type").startswith("Collection("):
                    nav["collection"] = True
                if n.get("ContainsTarget") == "true":
                    nav["contained"] = True
                found = revisions(n, self.model.annotations.get(f"{name}/{n.get('Name')}", ()))
                if found:
                    nav["revisions"] = found
                navigation.append(nav)
        if kind == "EntityType":
            entry["key"] = ["id"]
            if not any(p["name"] == "id" for p in properties):
                properties.insert(0, {"name": "id", "type": "Edm.String", "nullable": False})
        entry["properties"] = properties
        if navigation:
            entry["navigation"] = navigation
        found = revisions(element, self.model.annotations.get(name, ()))
        # A deprecation the docs' pages announce and the metadata lacks, marked "documented":
        # served only under that variant (--revisions documented).
        found += [{"kind": r.get("Kind"), "date": r.get("Date"), "removalDate": r.get("RemovalDate"),
                   "description": r.get("Description"), "documented": r.get("Page")}
                  for r in self.family.findall("Revision")
                  if r.get("Type") == name and r.get("Version") == self.version]
        if found:
            entry["revisions"] = found
        for p in properties:
            self.add(p["type"])

    def property_type(self, type_name, path, missing=None):
        """The type a $filter path names, walked through complex properties; a property the
        path names that the type lacks is an error, or `missing` when one is given."""
        for segment in path.split("/"):
            entry = self.types.get(type_name, {})
            found = [p for p in entry.get("properties", []) if p["name"] == segment]
            if not found:
                if missing is not None:
                    return missing
                sys.exit(f"gen_schemas: family {self.family.get('Name')}: {type_name} has no "
                         f"property {segment} (Filter {path})")
            type_name = found[0]["type"]
        return type_name

    def state(self):
        """What the family writes into GET /_mock/state, and the dashboard view showing it."""
        out = []
        for s in self.family.findall("State"):
            self.add(s.get("Type"))
            entry = {"key": s.get("Key"), "type": s.get("Type"), "view": s.get("View")}
            if s.get("Items"):
                found = [n for n in self.types[s.get("Type")].get("navigation", [])
                         if n["name"] == s.get("Items")]
                if not found:
                    sys.exit(f"gen_schemas: family {self.family.get('Name')}: {s.get('Type')} has "
                             f"no navigation property {s.get('Items')} (State Items)")
                entry["items"] = {"name": s.get("Items"), "type": found[0]["type"]}
            out.append(entry)
        return out

    def version_queries(self, queries):
        """The documented query support of the types this (other version's) manifest has: the
        same options, the filter paths and expandable navigation properties the type has in
        this version (a beta-only property is unknown there)."""
        out = {}
        for name, q in queries.items():
            if name not in self.types:
                continue
            navigation = {n["name"] for n in self.types[name].get("navigation", [])}
            filters = [{"path": f["path"], "type": self.property_type(name, f["path"], "")}
                       for f in q["filter"]]
            out[name] = {**q, "filter": [f for f in filters if f["type"]],
                         "expand": [n for n in q["expand"] if n in navigation]}
        return out

    def build(self):
        paths = []
        # The types of the family's v1.0 paths, as the v1.0 metadata has them (they may differ
        # from beta's: fewer properties, other enum members).
        v1 = Manifest(self.model.v1, self.family, version="v1.0")
        for p in self.family.findall("Path"):
            path = {"version": p.get("Version"), "template": p.get("Template")}
            if p.get("Type"):
                path["type"] = p.get("Type")
                path["collection"] = p.get("Collection") == "true"
                if p.get("Version") == "v1.0":
                    if p.get("Type") not in self.model.v1.types:
                        sys.exit(f"gen_schemas: family {self.family.get('Name')}: v1.0 path "
                                 f"{p.get('Template')}: {p.get('Type')} is not in "
                                 "metadata/csdl/v1.0")
                    v1.add(p.get("Type"))
                else:
                    self.add(p.get("Type"))
            paths.append(path)
        queries = {}
        for q in self.family.findall("Query"):
            name = q.get("Type")
            self.add(name)
            navigation = [n["name"] for n in self.types[name].get("navigation", [])]
            for n in q.get("Expand", "").split():
                if n not in navigation:
                    sys.exit(f"gen_schemas: {name} has no navigation property {n} (Expand)")
            queries[name] = {
                "page": q.get("Page"),
                "options": q.get("Options", "").split(),
                "filter": [{"path": f, "type": self.property_type(name, f)}
                           for f in q.get("Filter", "").split()],
                "expand": q.get("Expand", "").split(),
            }
        actions = [{"name": a.get("Name"), "binding": a.get("Binding"), "version": a.get("Version"),
                    "template": a.get("Template"), "body": a.get("Body"), "page": a.get("Page"),
                    **({"example": json.loads(a.get("Example"))} if a.get("Example") else {})}
                   for a in self.family.findall("Action")]
        manifest = {
            "description": f"Generated from metadata/ {GENERATED_MARK}: what the metadata says "
                           f"about the family {self.family.get('Name')}.",
            "family": self.family.get("Name"),
            "paths": paths,
            **({"actions": actions} if actions else {}),
            **({"state": self.state()} if self.family.find("State") is not None else {}),
            **({"fixtures": [{"file": f.get("File"), "schema": fixture_name(f),
                              "type": f.get("Type"), "inline": f.get("Inline", "").split()}
                             for f in self.family.findall("Fixture")]}
               if self.family.find("Fixture") is not None else {}),
            "queries": dict(sorted(queries.items())),
            "types": dict(sorted(self.types.items())),
            "enums": dict(sorted(self.enums.items())),
            **({"versions": {"v1.0": {"queries": v1.version_queries(dict(sorted(queries.items()))),
                                      "types": dict(sorted(v1.types.items())),
                                      "enums": dict(sorted(v1.enums.items()))}}}
               if v1.types else {}),
        }
        if self.settings:
            manifest["scenarioSettings"] = self.settings
        return manifest


def scenario_settings(mock, folder):
    """mock/<folder>/scenario-settings.json (hand-written), or None when the folder has none."""
    path = os.path.join(mock, folder, SETTINGS_FILE)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def manifests(model, mock):
    """mock/<family>/manifest.json of each family, by path relative to the mock folder."""
    return {os.path.join(f.get("Name"), "manifest.json"):
            Manifest(model, f, scenario_settings(mock, f.get("Name"))).build()
            for f in model.families}


def scenario_schema(model, mock):
    """schemas/scenario.json: the scenario module's part (mock/scenario/scenario-settings.json:
    name, seed, fixtures, faults, ...) with each family's settings fragment merged in (its
    "definitions" and "properties"); a name two parts declare is an error."""
    schema = scenario_settings(mock, "scenario")
    if schema is None:
        sys.exit(f"gen_schemas: {os.path.join(mock, 'scenario', SETTINGS_FILE)} is missing")
    schema["description"] = (f"Assembled from mock/scenario/{SETTINGS_FILE} and the families' "
                             f"{SETTINGS_FILE} {GENERATED_MARK}. " + schema.get("description", ""))
    for family in model.families:
        fragment = scenario_settings(mock, family.get("Name")) or {}
        for part in ("definitions", "properties"):
            into = schema.setdefault(part, {})
            for name, value in fragment.get(part, {}).items():
                if name in into:
                    sys.exit(f"gen_schemas: {family.get('Name')}/{SETTINGS_FILE}: {part} "
                             f"'{name}' is declared twice")
                into[name] = value
    if not schema.get("definitions"):
        schema.pop("definitions", None)
    return schema


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
    parser.add_argument("--mock", help="the family folders' parent (default: mock/ beside --out)")
    parser.add_argument("--check", action="store_true",
                        help="compare with --out instead of writing; exit 1 when stale")
    args = parser.parse_args()
    mock = args.mock or os.path.join(os.path.dirname(os.path.abspath(args.out)), "mock")

    model = load(args.metadata)
    family_manifests = manifests(model, mock)  # first: it says what a family's paths lack
    files = {os.path.join(args.out, f"{name}.json"): render(schema)
             for name, schema in Generator(model, roots(model), bodies(model)).run().items()}
    files.update({os.path.join(args.out, f"{fixture_name(f)}.json"):
                  render(fixture_file(model, family, f))
                  for family in model.families for f in family.findall("Fixture")})
    # The shapes of the families' v1.0 paths, from the v1.0 blocks: --out/v1.0/, which the
    # schema registry lays over --out for the /v1.0 routes (docs/validation.md).
    v1 = Generator(model.v1, roots(model, "v1.0"), bodies(model), f"{V1_FOLDER}/")
    files.update({os.path.join(args.out, V1_FOLDER, f"{name}.json"): render(schema)
                  for name, schema in v1.run().items()})
    files.update({os.path.join(mock, path): render(manifest)
                  for path, manifest in family_manifests.items()})
    files[os.path.join(args.out, "scenario.json")] = render(scenario_schema(model, mock))
    existing = set(glob.glob(os.path.join(args.out, "*.json")) +
                   glob.glob(os.path.join(args.out, V1_FOLDER, "*.json")))
    stale = sorted(f for f in existing if f not in files and is_generated(f))
    if args.check:
        differ = sorted(f for f, text in files.items()
                        if not os.path.exists(f) or open(f, encoding="utf-8").read() != text)
        for f in differ:
            print(f"{f}: differs from what tools/gen_schemas.py makes")
        for f in stale:
            print(f"{f}: generated file no CSDL type makes any more")
        if differ or stale:
            print("schemas/ is stale: run tools/gen_schemas.py and commit the result")
            return 1
        return 0
    for f, text in sorted(files.items()):
        os.makedirs(os.path.dirname(f), exist_ok=True)
        with open(f, "w", encoding="utf-8") as out:
            out.write(text)
    for f in stale:
        os.remove(f)
    print(f"gen_schemas: {len(files)} files in {args.out} and {mock}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
