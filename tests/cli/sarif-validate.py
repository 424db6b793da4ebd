#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate SARIF files against the SARIF 2.1.0 schema (tests/cli/sarif/).

usage: sarif-validate.py FILE...    exit 0 when every file is valid, 1 if not
"""
import json
import os
import sys

import jsonschema

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "sarif", "sarif-schema-2.1.0.json"), encoding="utf-8") as f:
    schema = json.load(f)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        print(f"{path}: {'/'.join(str(p) for p in e.absolute_path)}: {e.message}", file=sys.stderr)
    if errors:
        bad += 1
sys.exit(1 if bad else 0)
