#!/usr/bin/env python3
"""Regenerate the vendored CloudFormation resource schemas from a cfn-lint wheel.

Usage:
    pip download cfn-lint --no-deps -d /tmp/cfnlint
    python3 crates/cfn-template/schemas/regenerate.py /tmp/cfnlint/cfn_lint-*.whl

Writes, next to this script:
  providers/<type>.json  the full provider schema of each type gantry deploys, byte for
                         byte as the wheel carries it (us-east-1 variant);
  all-types.json         one line per resource type known in any AWS region: its
                         GetAtt attributes, settable top-level properties, required
                         properties, and whether unknown properties are allowed.

Python 3 standard library only. The GetAtt rules (readOnlyProperties, plus cfn-lint's
lists of types whose every property is readable and of extra readable attributes) are
read from the wheel's own cfnlint/schema/_getatts.py as data, so they follow cfn-lint.
"""

import ast
import json
import re
import sys
import zipfile
from pathlib import Path

DEPLOYABLE = [
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::ApiGatewayV2::Deployment",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::IAM::Policy",
    "AWS::IAM::Role",
    "AWS::Lambda::Function",
    "AWS::Lambda::Permission",
    "AWS::Logs::LogGroup",
]
SCHEMAS = "cfnlint/data/schemas"
SAM_REGISTRY = f"{SCHEMAS}/providers/sam.json"


def file_name(type_name):
    return type_name.lower().replace("::", "-") + ".json"


def getatt_rules(wheel):
    """The two tables in cfnlint/schema/_getatts.py that refine readOnlyProperties."""
    tree = ast.parse(wheel.read("cfnlint/schema/_getatts.py"))
    tables = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("_all_property_types", "_exceptions"):
                tables[name] = ast.literal_eval(node.value)
    return set(tables["_all_property_types"]), tables["_exceptions"]


def pointer_to_attribute(pointer):
    return ".".join(pointer.split("/")[2:])


def readable_paths(schema, node, prefix, seen_refs):
    """Every property path GetAtt can read, for types whose whole model is readable."""
    ref = node.get("$ref")
    if ref:
        if ref in seen_refs:
            return []
        name = ref.split("/")[-1]
        target = schema.get("definitions", {}).get(name, {})
        return readable_paths(schema, target, prefix, seen_refs | {ref})
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    if "object" in types:
        paths = []
        for prop, sub in node.get("properties", {}).items():
            paths += readable_paths(schema, sub, prefix + [prop], seen_refs)
        return paths
    if "array" in types and node.get("items", {}).get("type") in ("object", "array"):
        return []
    return [".".join(prefix)] if prefix else []


def attributes(type_name, schema, all_property_types, exceptions):
    if type_name in ("AWS::CloudFormation::Stack", "AWS::Serverless::Application"):
        return ["Outputs.*"]
    names = []
    if type_name in all_property_types:
        for prop, sub in schema.get("properties", {}).items():
            names += readable_paths(schema, sub, [prop], frozenset())
    else:
        names += exceptions.get(type_name, [])
        names += [pointer_to_attribute(p) for p in schema.get("readOnlyProperties", [])]
    return sorted(set(n for n in names if n))


def summary(type_name, schema, rules):
    read_only = {pointer_to_attribute(p) for p in schema.get("readOnlyProperties", [])}
    entry = {
        "attributes": attributes(type_name, schema, *rules),
        "properties": sorted(p for p in schema.get("properties", {}) if p not in read_only),
        "required": sorted(schema.get("required", [])),
    }
    if schema.get("additionalProperties", True) is not False:
        entry["open"] = True
    return entry


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(__file__).resolve().parent
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        names = wheel.namelist()
        version = next(
            re.search(r"cfn_lint-(.+)\.dist-info/", n).group(1)
            for n in names
            if re.search(r"cfn_lint-.+\.dist-info/METADATA$", n)
        )
        schema_date = json.loads(wheel.read(f"{SCHEMAS}/version.json"))["schema_date"]
        rules = getatt_rules(wheel)

        # Region files map type name -> schema file hash; a type may exist in some
        # regions only, so the union over regions is "exists in AWS".
        by_type = {}
        us_east_1 = json.loads(wheel.read(f"{SCHEMAS}/providers/us-east-1.json"))
        for name in sorted(names):
            match = re.fullmatch(rf"{SCHEMAS}/providers/([a-z0-9-]+)\.json", name)
            if not match or name == SAM_REGISTRY:
                continue
            for type_name, digest in json.loads(wheel.read(name)).items():
                by_type.setdefault(type_name, us_east_1.get(type_name, digest))

        def schema_of(type_name):
            return json.loads(wheel.read(f"{SCHEMAS}/resources/{by_type[type_name]}.json"))

        lines = [
            "{",
            f'"source": {{"package": "cfn-lint", "version": "{version}", "schema_date": "{schema_date}"}},',
            '"types": {',
        ]
        entries = [
            json.dumps(t) + ": " + json.dumps(summary(t, schema_of(t), rules), separators=(",", ":"))
            for t in sorted(by_type)
        ]
        lines.append(",\n".join(entries))
        lines += ["}", "}"]
        (out / "all-types.json").write_text("\n".join(lines) + "\n")

        providers = out / "providers"
        providers.mkdir(exist_ok=True)
        for type_name in DEPLOYABLE:
            raw = wheel.read(f"{SCHEMAS}/resources/{us_east_1[type_name]}.json")
            (providers / file_name(type_name)).write_bytes(raw)

    print(f"cfn-lint {version} (schemas {schema_date}): {len(by_type)} types, "
          f"{len(DEPLOYABLE)} full schemas")


if __name__ == "__main__":
    main()
