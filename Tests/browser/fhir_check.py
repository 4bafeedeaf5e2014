"""FHIR R4 validation with fhir.resources (its R4B models: R4's structures for every resource
Cradle serves), and a small client for Cradle's FHIR API."""
import json
import os
import urllib.error
import urllib.request

from fhir.resources.R4B import get_fhir_model_class

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def validate(resource):
    """Raises pydantic's ValidationError, naming each element at fault, if `resource` is not
    valid FHIR; a Bundle is checked with every resource in it."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def api_token(server, username="health.visitor"):
    body = json.dumps({"username": username, "password": "cradle-demo-fernmoor"}).encode()
    req = urllib.request.Request(server["base"] + "/api/v1/tokens", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)["token"]


def get(server, path, token=None):
    """(status, parsed body) of a FHIR read; errors come back as their OperationOutcome."""
    headers = {"Accept": "application/fhir+json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(server["base"] + "/fhir/R4" + path, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            assert r.headers["Content-Type"].startswith("application/fhir+json")
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
