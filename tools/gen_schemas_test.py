#!/usr/bin/env python3
"""Tests of tools/gen_schemas.py on copies of metadata/ and schemas/ (ctest gen_schemas_tests)."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "tools", "gen_schemas.py")


def run(*args):
    return subprocess.run([sys.executable, GEN, *args], capture_output=True, text=True)


class GenSchemasTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.metadata = os.path.join(self.tmp, "metadata")
        self.schemas = os.path.join(self.tmp, "schemas")
        shutil.copytree(os.path.join(ROOT, "metadata"), self.metadata)
        shutil.copytree(os.path.join(ROOT, "schemas"), self.schemas)
        # The families' manifests, written beside schemas/ in mock/<family>/, and the
        # scenario-settings fragments schemas/scenario.json is assembled from.
        for folder in os.listdir(os.path.join(ROOT, "mock")):
            for name in ("manifest.json", "scenario-settings.json"):
                source = os.path.join(ROOT, "mock", folder, name)
                if os.path.exists(source):
                    os.makedirs(os.path.join(self.tmp, "mock", folder), exist_ok=True)
                    shutil.copy(source, os.path.join(self.tmp, "mock", folder))

    def edit_settings(self, folder, change):
        path = os.path.join(self.tmp, "mock", folder, "scenario-settings.json")
        fragment = json.load(open(path, encoding="utf-8"))
        change(fragment)
        open(path, "w", encoding="utf-8").write(json.dumps(fragment))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit(self, relpath, old, new):
        path = os.path.join(self.metadata, relpath)
        text = open(path, encoding="utf-8").read()
        self.assertIn(old, text)
        open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))

    def test_scenario_schema_is_assembled_from_the_families_fragments(self):
        self.edit_settings("logcollection", lambda f: f["properties"].update(
            {"uploadDelaySeconds": {"type": "number"}}))
        check = run("--check", "--metadata", self.metadata, "--out", self.schemas)
        self.assertEqual(check.returncode, 1)
        self.assertIn("scenario.json: differs", check.stdout)
        self.assertIn("logcollection/manifest.json: differs", check.stdout)
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        scenario = json.load(open(os.path.join(self.schemas, "scenario.json"), encoding="utf-8"))
        self.assertEqual(scenario["properties"]["uploadDelaySeconds"], {"type": "number"})
        self.assertIn("operationTimelines", scenario["properties"])  # teamwork's part
        self.assertIn("faults", scenario["properties"])  # the scenario module's part
        manifest = json.load(open(os.path.join(self.tmp, "mock", "logcollection", "manifest.json"),
                                  encoding="utf-8"))
        self.assertIn("uploadDelaySeconds", manifest["scenarioSettings"]["properties"])

    def test_a_scenario_setting_two_parts_declare_is_an_error(self):
        self.edit_settings("logcollection", lambda f: f["properties"].update({"seed": {}}))
        result = run("--metadata", self.metadata, "--out", self.schemas)
        self.assertEqual(result.returncode, 1)
        self.assertIn("properties 'seed' is declared twice", result.stderr)

    def test_a_changed_csdl_block_changes_the_schema(self):
        self.edit("csdl/teamwork-beta.xml",
                  '<Property Name="notes" Type="Edm.String" />\n', "")
        check = run("--check", "--metadata", self.metadata, "--out", self.schemas)
        self.assertEqual(check.returncode, 1)
        self.assertIn("teamworkDevice.json: differs", check.stdout)
        self.assertIn("schemas/ is stale", check.stdout)
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        device = json.load(open(os.path.join(self.schemas, "teamworkDevice.json")))
        self.assertNotIn("notes", device["properties"])
        self.assertIn("companyAssetTag", device["properties"])

    def test_nullability_follows_the_block(self):
        self.edit("csdl/teamwork-beta.xml",
                  '<Property Name="deviceType" Type="graph.teamworkDeviceType" Nullable="false" />',
                  '<Property Name="deviceType" Type="graph.teamworkDeviceType" />')
        run("--metadata", self.metadata, "--out", self.schemas)
        device = json.load(open(os.path.join(self.schemas, "teamworkDevice.json")))
        self.assertNotIn("deviceType", device["required"])
        self.assertIn({"type": "null"}, device["properties"]["deviceType"]["anyOf"])

    def test_output_is_deterministic_and_leaves_hand_written_files(self):
        scenario = open(os.path.join(self.schemas, "scenario.json")).read()
        run("--metadata", self.metadata, "--out", self.schemas)
        def read_all():  # schemas/ and schemas/v1.0/
            return {os.path.join(d, f): open(os.path.join(d, f)).read()
                    for d, _, names in os.walk(self.schemas) for f in names}
        first = read_all()
        run("--metadata", self.metadata, "--out", self.schemas)
        second = read_all()
        self.assertEqual(first, second)
        self.assertEqual(second[os.path.join(self.schemas, "scenario.json")], scenario)

    def test_a_type_defined_nowhere_is_an_error(self):
        self.edit(os.path.join("csdl", "intune-beta-devices.xml"),
                  'Type="Collection(graph.sharedAppleDeviceUser)"',
                  'Type="Collection(graph.sharedIpadUser)"')
        result = run("--metadata", self.metadata, "--out", self.schemas)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("type sharedIpadUser is used but defined nowhere", result.stderr)

    def manifest(self, family):
        path = os.path.join(self.tmp, "mock", family, "manifest.json")
        return json.load(open(path, encoding="utf-8"))

    def test_a_family_manifest_follows_the_metadata(self):
        self.assertEqual(run("--check", "--metadata", self.metadata, "--out",
                             self.schemas).returncode, 0)
        teamwork = self.manifest("teamwork")
        self.assertEqual(teamwork["enums"]["teamworkDeviceType"]["evolvable"], ["sipAnalog"])
        self.assertIn({"path": "deviceType", "type": "teamworkDeviceType"},
                      teamwork["queries"]["teamworkDevice"]["filter"])
        self.assertIn({"version": "beta", "template": "/teamwork/devices",
                       "type": "teamworkDevice", "collection": True}, teamwork["paths"])
        # A property dropped from a CSDL block leaves the manifest, and --check says so.
        self.edit("csdl/teamwork-beta.xml", '<Property Name="notes" Type="Edm.String" />\n', "")
        check = run("--check", "--metadata", self.metadata, "--out", self.schemas)
        self.assertEqual(check.returncode, 1)
        self.assertIn(os.path.join("teamwork", "manifest.json") + ": differs", check.stdout)
        run("--metadata", self.metadata, "--out", self.schemas)
        names = [p["name"] for p in self.manifest("teamwork")["types"]["teamworkDevice"]["properties"]]
        self.assertNotIn("notes", names)
        self.assertIn("companyAssetTag", names)

    def test_revisions_reach_the_manifest(self):
        self.edit("csdl/teamwork-beta.xml", '<Property Name="notes" Type="Edm.String" />',
                  '<Property Name="notes" Type="Edm.String"><Annotation Term='
                  '"Org.OData.Core.V1.Revisions"><Collection><Record>'
                  '<PropertyValue Property="Date" Date="2026-01-01" />'
                  '<PropertyValue Property="Kind"><EnumMember>Org.OData.Core.V1.RevisionKind/'
                  'Deprecated</EnumMember></PropertyValue>'
                  '<PropertyValue Property="RemovalDate" Date="2027-01-01" />'
                  '</Record></Collection></Annotation></Property>')
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        notes = [p for p in self.manifest("teamwork")["types"]["teamworkDevice"]["properties"]
                 if p["name"] == "notes"][0]
        self.assertEqual(notes["revisions"], [{"date": "2026-01-01", "kind": "Deprecated",
                                               "removalDate": "2027-01-01"}])

    def test_out_of_line_revisions_reach_the_manifest(self):
        # Graph's metadata also annotates from outside: <Annotations Target="...">.
        path = os.path.join(self.metadata, "csdl", "teamwork-beta.xml")
        with open(path, "a", encoding="utf-8") as f:
            f.write('<Annotations Target="microsoft.graph.teamworkDevice"><Annotation Term='
                    '"Org.OData.Core.V1.Revisions"><Collection><Record>'
                    '<PropertyValue Property="Date" Date="2026-03-01" />'
                    '<PropertyValue Property="Version" String="2026-03/TeamworkDevices" />'
                    '<PropertyValue Property="Kind"><EnumMember>Org.OData.Core.V1.RevisionKind/'
                    'Deprecated</EnumMember></PropertyValue>'
                    '<PropertyValue Property="RemovalDate" Date="2027-03-01" />'
                    '</Record></Collection></Annotation></Annotations>')
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        revisions = self.manifest("teamwork")["types"]["teamworkDevice"]["revisions"]
        self.assertEqual(revisions[0], {"date": "2026-03-01", "version": "2026-03/TeamworkDevices",
                                        "kind": "Deprecated", "removalDate": "2027-03-01"})
        # Then the one only the docs' pages announce (a Revision of documented-additions.xml).
        self.assertEqual([r.get("documented") for r in revisions[1:]],
                         ["api-reference/beta/resources/teamworkdevice.md"])

    def test_a_deprecation_only_the_pages_announce_is_marked_documented(self):
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        self.assertEqual(self.manifest("teamwork")["types"]["teamworkDevice"]["revisions"],
                         [{"kind": "Deprecated", "date": "2025-11-30", "removalDate": "2025-11-30",
                           "description": "The Microsoft Graph beta APIs related to device "
                           "management under the teamworkDevice resource type will be deprecated "
                           "by November 2025 and will no longer be supported after that date.",
                           "documented": "api-reference/beta/resources/teamworkdevice.md"}])
        self.edit("documented-additions.xml", '<Revision Version="beta"', '<Revision Version="v1.0"')
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        self.assertNotIn("revisions", self.manifest("teamwork")["types"]["teamworkDevice"])

    def test_v1_paths_take_their_shapes_from_the_v1_metadata(self):
        v1 = self.manifest("logcollection")["versions"]["v1.0"]
        names = [p["name"] for p in v1["types"]["managedDevice"]["properties"]]
        beta = [p["name"] for p in
                self.manifest("logcollection")["types"]["managedDevice"]["properties"]]
        self.assertIn("iccid", names)
        self.assertLess(len(names), len(beta))  # beta has properties v1.0 lacks
        self.assertIn({"version": "v1.0", "template": "/deviceManagement/managedDevices",
                       "type": "managedDevice", "collection": True},
                      self.manifest("logcollection")["paths"])
        # A v1.0 path whose type the v1.0 blocks lack is an error naming it.
        self.edit("documented-additions.xml",
                  '<Path Version="v1.0" Template="/deviceManagement/detectedApps" Type="detectedApp"',
                  '<Path Version="v1.0" Template="/deviceManagement/detectedApps" Type="deviceCategory"')
        failed = run("--metadata", self.metadata, "--out", self.schemas)
        self.assertEqual(failed.returncode, 1)
        self.assertIn("deviceCategory is not in metadata/csdl/v1.0", failed.stderr)

    def test_a_documented_filter_on_a_missing_property_is_an_error(self):
        self.edit("documented-additions.xml", 'Filter="deviceType hardwareDetail/uniqueId',
                  'Filter="deviceKind hardwareDetail/uniqueId')
        result = run("--metadata", self.metadata, "--out", self.schemas)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("teamworkDevice has no property deviceKind", result.stderr)

    def test_a_fixture_file_is_declared_once_and_its_schema_generated(self):
        self.edit("documented-additions.xml",
                  'Inline="health activity configuration operations"',
                  'Inline="health activity configuration operations" Note="a note"')
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        schema = json.load(open(os.path.join(self.schemas, "fixtures.teamworkDevices.json"),
                                encoding="utf-8"))
        self.assertIn("(health, activity, configuration, operations, a note)",
                      schema["description"])
        self.assertEqual(schema["properties"]["value"]["items"], {"$ref": "teamworkDevice.json"})
        self.assertIn({"file": "teamworkDevices.json", "schema": "fixtures.teamworkDevices",
                       "type": "teamworkDevice",
                       "inline": ["health", "activity", "configuration", "operations"]},
                      self.manifest("teamwork")["fixtures"])
        self.edit("documented-additions.xml", 'Inline="health activity', 'Inline="vitals activity')
        result = run("--metadata", self.metadata, "--out", self.schemas)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("teamworkDevice has no navigation property vitals (Inline)", result.stderr)

    def test_v1_schemas_come_from_the_v1_metadata(self):
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        v1 = os.path.join(self.schemas, "v1.0")
        device = json.load(open(os.path.join(v1, "managedDevice.json"), encoding="utf-8"))
        beta = json.load(open(os.path.join(self.schemas, "managedDevice.json"), encoding="utf-8"))
        self.assertEqual(device["$id"], "v1.0/managedDevice.json")
        self.assertIn("csdl/v1.0/", device["description"])
        self.assertIn("chassisType", beta["properties"])  # beta only
        self.assertNotIn("chassisType", device["properties"])
        self.assertFalse(device["additionalProperties"])
        # Every $ref names a file of v1.0/ (the $id makes them relative to it).
        for name in os.listdir(v1):
            text = open(os.path.join(v1, name), encoding="utf-8").read()
            for ref in re.findall(r'"\$ref": "([^"#]+)', text):
                self.assertTrue(os.path.exists(os.path.join(v1, ref)), f"{name}: {ref}")
        # Bodies: those whose entity or action v1.0 has; v1.0 has no createDeviceLogCollectionRequest.
        self.assertTrue(os.path.exists(os.path.join(v1, "deviceLogCollectionResponseUpdateRequest.json")))
        self.assertFalse(os.path.exists(os.path.join(v1, "createDeviceLogCollectionRequestBody.json")))
        # v1.0's enum members: managementAgentType lacks beta's google.
        with open(os.path.join(v1, "managementAgentType.json"), encoding="utf-8") as f:
            self.assertNotIn("google", json.load(f)["enum"])
        with open(os.path.join(self.schemas, "managementAgentType.json"), encoding="utf-8") as f:
            self.assertIn("google", json.load(f)["enum"])

    def test_managed_device_types_come_from_the_beta_metadata(self):
        self.assertEqual(run("--metadata", self.metadata, "--out", self.schemas).returncode, 0)
        manifest = self.manifest("logcollection")
        # Every type the family serves, managedDevice's included, read from beta blocks: none
        # is a placeholder or borrowed from v1.0 (keyValuePair, loggedOnUser and
        # sharedAppleDeviceUser were, metadata/csdl/SOURCE.md).
        not_beta = {name for name, entry in {**manifest["types"], **manifest["enums"]}.items()
                    if entry.get("kind") == "Unresolved" or "v1.0" in entry["source"]}
        self.assertEqual(not_beta, set())
        self.assertEqual([p["name"] for p in manifest["types"]["loggedOnUser"]["properties"]],
                         ["lastLogOnDateTime", "userId"])  # beta's shape, not v1.0's
        self.assertIn("msSense", manifest["enums"]["managementAgentType"]["members"])  # beta only


if __name__ == "__main__":
    unittest.main()
