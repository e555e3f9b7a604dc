#!/usr/bin/env python3
"""Builds seed/capture-mfa-<version>.json from the MFA recordings 800-884: every device as
the recorded server held it before 800 (admin/all 800 for the common fields, each kind's
retrieve for its own fields, the 2026 per-kind lists for the nested users)."""
import glob, json, sys

KINDS = {  # model class -> kind key
    "TOTPDevice": "totp", "StaticDevice": "static", "WebAuthnDevice": "webauthn",
    "DuoDevice": "duo", "SMSDevice": "sms", "EmailDevice": "email", "EndpointDevice": "endpoint",
}
OWNERS = {"alice": 4, "bob": 5}

def load(folder, n):
    return json.load(open(glob.glob(f"{folder}/{n}-*.json")[0]))

def main(folder, out):
    everyone = load(folder, "800")["response"]["body"]
    kind_fields = {}
    for n in ["816", "856", "863", "870", "873", "875", "877"]:
        files = glob.glob(f"{folder}/{n}-*.json")
        if not files:
            continue
        cap = json.load(open(files[0]))
        if cap["response"]["status"] != 200:
            continue
        kind = cap["request"]["path"].split("/")[-2]
        for item in cap["response"]["body"]["results"]:
            kind_fields[(kind, str(item["pk"]))] = item
    users = {}
    devices = []
    for seq, d in enumerate(everyone):
        kind = KINDS[d["type"].split(".")[1]]
        own = kind_fields.get((kind, str(d["pk"])), {})
        user = own.get("user")
        if isinstance(user, dict):
            users[user["pk"]] = user
            owner = user["pk"]
        else:
            owner = OWNERS["bob" if d["name"].startswith("bob") else "alice"]
        fields = {k: v for k, v in own.items() if k not in ("pk", "name", "user")}
        devices.append({
            "kind": kind, "pk": str(d["pk"]), "user": owner, "name": d["name"],
            "confirmed": d["confirmed"], "created": d["created"],
            "last_updated": d["last_updated"], "last_used": d["last_used"],
            "extra_description": d.get("extra_description"),
            "external_id": d.get("external_id"), "fields": fields, "seq": seq,
        })
    json.dump({"users": list(users.values()), "devices": devices}, open(out, "w"), indent=1)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
