#!/usr/bin/env python3
"""Tests of tools/gen_schemas.py on copies of metadata/ and schemas/ (ctest gen_schemas_tests)."""

import json
import os
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
        # The families' manifests, written beside schemas/ in mock/<family>/.
        for family in os.listdir(os.path.join(ROOT, "mock")):
            manifest = os.path.join(ROOT, "mock", family, "manifest.json")
            if os.path.exists(manifest):
                os.makedirs(os.path.join(self.tmp, "mock", family))
                shutil.copy(manifest, os.path.join(self.tmp, "mock", family))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit(self, relpath, old, new):
        path = os.path.join(self.metadata, relpath)
        text = open(path, encoding="utf-8").read()
        self.assertIn(old, text)
        open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))

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
        first = {f: open(os.path.join(self.schemas, f)).read() for f in os.listdir(self.schemas)}
        run("--metadata", self.metadata, "--out", self.schemas)
        second = {f: open(os.path.join(self.schemas, f)).read() for f in os.listdir(self.schemas)}
        self.assertEqual(first, second)
        self.assertEqual(second["scenario.json"], scenario)

    def test_a_type_defined_nowhere_is_an_error(self):
        self.edit("documented-additions.xml", '<Unresolved Name="chassisType" Kind="EnumType" />', "")
        result = run("--metadata", self.metadata, "--out", self.schemas)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("type chassisType is used but defined nowhere", result.stderr)


if __name__ == "__main__":
    unittest.main()
