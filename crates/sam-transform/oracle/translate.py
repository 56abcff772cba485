"""AWS's SAM translator as the oracle for gantry's native transform (tests/oracle.rs).

    python translate.py IN_DIR OUT_DIR

Every template in IN_DIR (`*.json`, `*.yaml`, `*.yml`) is run through
`samtranslator.translator.transform.transform` in region us-east-1 with no parameter
values, as AWS's own translator test suite runs its cases; OUT_DIR/<name>.json receives the
processed template, or `{"errorMessage": ...}` worded as that suite records an invalid
document (`tests/golden/output/*.json`), or `{"oracleCrash": ...}` when the
translator fails in a way other than refusing the document (CloudFormation reports such a
failure as an internal transform error). One process for a whole batch: importing the
translator takes most of the time.

Needs aws-sam-translator==1.115.0 (the version gantry's transform and its vendored data
follow); `.ci/run` installs it in target/sam-oracle-venv.
"""

import copy
import json
import os
import re
import sys
import traceback
from pathlib import Path

os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
os.environ.pop("AWS_REGION", None)

EXPECTED_VERSION = "1.115.0"


class NoManagedPolicies:
    """The caller's managed-policy map: empty, so only the translator's bundled map is used
    (gantry vendors the same map)."""

    def load(self):
        return {}


def error_message(error):
    """The message as AWS's translator test suite records it (`get_exception_error_message`
    in tests/translator/test_translator.py): the document's summary, then every cause sorted
    by the logical id it is about (stable, so a resource's causes keep the translator's
    order), Python 2 `u'...'` literals written plainly."""

    def sort_key(cause):
        for attribute in ("_logical_id", "_event_id", "message"):
            if hasattr(cause, attribute):
                return getattr(cause, attribute)
        return str(cause)

    message = error.message
    for cause in sorted(error.causes, key=sort_key):
        message += " " + cause.message
    return re.sub(r"u'([A-Za-z0-9]*)'", r"'\1'", message)


def parse(path):
    """A template: JSON as is; YAML (short forms included) needs PyYAML beside the
    translator, which does not depend on it (the tests write JSON)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    from samtranslator.yaml_helper import yaml_parse

    return yaml_parse(text)


def translate(template):
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform

    try:
        return transform(copy.deepcopy(template), {}, NoManagedPolicies())
    except InvalidDocumentException as error:
        return {"errorMessage": error_message(error)}
    except Exception as error:  # noqa: BLE001 - any other failure is the oracle's own
        return {
            "oracleCrash": f"{type(error).__name__}: {error}",
            "traceback": traceback.format_exc().splitlines()[-6:],
        }


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: translate.py IN_DIR OUT_DIR")
    import samtranslator

    if samtranslator.__version__ != EXPECTED_VERSION:
        sys.exit(
            f"aws-sam-translator {samtranslator.__version__} found, the oracle is "
            f"{EXPECTED_VERSION}: pip install aws-sam-translator=={EXPECTED_VERSION}"
        )
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.iterdir()):
        if path.suffix not in (".json", ".yaml", ".yml"):
            continue
        output = translate(parse(path))
        (target / f"{path.stem}.json").write_text(json.dumps(output, indent=1), encoding="utf-8")
        count += 1
    print(f"translate.py: {count} templates", file=sys.stderr)


if __name__ == "__main__":
    main()
