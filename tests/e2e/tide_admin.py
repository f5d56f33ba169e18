"""Tide's admin RPC actions (CreateProject, CreateAccessKey ...) through the official SDK's generic `call_api`,
so they are signed exactly like every DataWorks call."""
from alibabacloud_tea_openapi import utils_models as open_api_models
from darabonba.runtime import RuntimeOptions


class Admin:
    def __init__(self, client):
        self.client = client

    def call(self, action, params, read_timeout_ms=None):
        api = open_api_models.Params(action=action, version="2020-05-18", protocol="HTTP", pathname="/",
                                     method="POST", auth_type="AK", style="RPC", req_body_type="formData",
                                     body_type="json")
        request = open_api_models.OpenApiRequest(body=params)
        runtime = RuntimeOptions(read_timeout=read_timeout_ms) if read_timeout_ms else RuntimeOptions()
        return self.client.call_api(api, request, runtime)["body"]
