"""Runs the SAM transform on a template offline and reports the errors it finds.

`sam validate --lint` (cfn-lint) checks resource schemas but no longer runs the SAM translator, and
`sam validate` without --lint asks IAM for managed policies, which needs an AWS account. This runs
the same translator with a stand-in for that lookup, so mistakes only the transform sees (an
invalid event property, a bad reference to a generated resource) fail the test command offline.

Usage: python sam_transform_check.py template.yaml [translated.json]
"""

import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class AwsManagedPolicies:
    """Answers every managed-policy name with its AWS-managed ARN instead of asking IAM."""

    def load(self):
        return {}

    def get(self, name, partition):
        return f"arn:{partition}:iam::aws:policy/{name}"


def main(path, output=None):
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("AWS_REGION", "us-east-1"))
    with open(path, encoding="utf-8") as source:
        template = yaml_parse(source.read())
    # The translator wants deployed code locations; sam build and sam package fill the real ones.
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = "s3://offline-check/code.zip"
    try:
        translated = transform(template, {}, AwsManagedPolicies())
    except InvalidDocumentException as invalid:
        for cause in invalid.causes:
            print(f"{path}: {cause.message}", file=sys.stderr)
        return 1
    if output:
        # Written so that cfn-lint can check the generated resources too.
        with open(output, "w", encoding="utf-8") as sink:
            json.dump(translated, sink, indent=1)
    print(f"{path}: the SAM transform yields {len(translated['Resources'])} resources")
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
