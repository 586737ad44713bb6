#!/usr/bin/env python3
"""Drives Cairn's Connect front end with Flyte 2's own client code: the `flyteidl2` package (2.0.x),
its generated `CacheServiceClientSync` (flyteidl2.cacheservice and the org/project/domain-scoped
flyteidl2.cacheservice.v2) on `connectrpc`, gzip-compressed requests as the client sends them by
default, uncompressed ones, and its JSON codec (literals and identifiers as JSON objects); plus raw
HTTP requests where the exact bytes, the HTTP status or the error body are the point.

Usage: cacheservice_check.py BASE_URL [GRPC_HOST:PORT]

BASE_URL is the HTTP listener (e.g. http://127.0.0.1:8080). With GRPC_HOST:PORT the get/put/delete and
reservation checks also run over gRPC, with the package's `cacheservice_pb2_grpc` stubs.

Prints `ok <check>` per check and `all checks passed` at the end, and exits 0 when every answer was
the expected one; otherwise prints what differed and exits 1. Every check runs even after one fails.
"""
import json
import sys
import time
import traceback
import urllib.error
import urllib.request
import uuid

import grpc
from connectrpc.code import Code
from connectrpc.errors import ConnectError
from flyteidl2.cacheservice import cacheservice_pb2 as cs
from flyteidl2.cacheservice import cacheservice_connect, cacheservice_pb2_grpc
from flyteidl2.cacheservice.v2 import cacheservice_pb2 as cs2
from flyteidl2.cacheservice.v2 import cacheservice_connect as cacheservice_connect_v2
from flyteidl2.cacheservice.v2 import cacheservice_pb2_grpc as cacheservice_pb2_grpc_v2
from flyteidl2.core import identifier_pb2, literals_pb2

# Every call gives up after this long: a hang catcher, never a measurement.
TIMEOUT_MS = 30_000


class Mismatch(Exception):
    pass


def expect(actual, expected, what):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def expect_true(condition, what):
    if not condition:
        raise Mismatch(what)


def expect_code(code, what, call):
    """`call` fails with the Connect error `code`, with a message."""
    try:
        result = call()
    except ConnectError as error:
        if error.code != code:
            raise Mismatch(f"{what}: expected {code.value}, got {error.code.value}: {error.message!r}")
        if code == Code.INVALID_ARGUMENT and not error.message:
            raise Mismatch(f"{what}: invalid_argument without a message")
        return error
    raise Mismatch(f"{what}: expected {code.value}, got the answer {result!r}")


# ---- Values


def integer(value):
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(integer=value)))


def string(value):
    return literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(string_value=value)))


def outputs(n):
    """A task's outputs: a few kinds of literal, one with every byte value."""
    return literals_pb2.LiteralMap(
        literals={
            "o0": integer(n),
            "o1": string(f"result {n}: héllo"),
            "o2": literals_pb2.Literal(
                collection=literals_pb2.LiteralCollection(literals=[integer(1), string("two")])
            ),
            "o3": literals_pb2.Literal(
                scalar=literals_pb2.Scalar(binary=literals_pb2.Binary(value=bytes(range(256)), tag="raw"))
            ),
        }
    )


def metadata(run, attempt=0):
    return cs.Metadata(
        source_identifier=identifier_pb2.Identifier(
            resource_type=identifier_pb2.TASK,
            project="flytesnacks",
            domain="development",
            name="workflows.example.t1",
            version=f"v-{run}",
            org="acme",
        ),
        key_map=cs.KeyMapMetadata(values={"run": run, "attempt": str(attempt)}),
    )


def literal_output(n, run, attempt=0):
    return cs.CachedOutput(output_literals=outputs(n), metadata=metadata(run, attempt))


def uri_output(uri, run):
    return cs.CachedOutput(output_uri=uri, metadata=metadata(run))


def expect_output(actual, expected, what):
    """The stored output as it was put: the same oneof case and value, and the same source and key map
    (the timestamps are the server's)."""
    expect(actual.WhichOneof("output"), expected.WhichOneof("output"), f"{what}: output kind")
    if expected.WhichOneof("output") == "output_literals":
        expect(actual.output_literals, expected.output_literals, f"{what}: output_literals")
        expect(
            actual.output_literals.SerializeToString(deterministic=True),
            expected.output_literals.SerializeToString(deterministic=True),
            f"{what}: output_literals bytes",
        )
    else:
        expect(actual.output_uri, expected.output_uri, f"{what}: output_uri")
    expect(actual.metadata.source_identifier, expected.metadata.source_identifier, f"{what}: source_identifier")
    expect(dict(actual.metadata.key_map.values), dict(expected.metadata.key_map.values), f"{what}: key_map")


def seconds(message):
    return message.seconds + message.nanos / 1e9


# ---- Clients


class V1:
    """flyteidl2.cacheservice.CacheService with plain keys."""

    def __init__(self, client):
        self.client = client

    def get(self, key):
        return self.client.get(cs.GetCacheRequest(key=key), timeout_ms=TIMEOUT_MS).output

    def put(self, key, output, overwrite=None):
        request = cs.PutCacheRequest(key=key, output=output)
        if overwrite is not None:
            request.overwrite.CopyFrom(overwrite)
        self.client.put(request, timeout_ms=TIMEOUT_MS)

    def delete(self, key):
        self.client.delete(cs.DeleteCacheRequest(key=key), timeout_ms=TIMEOUT_MS)

    def reserve(self, key, owner, heartbeat):
        request = cs.GetOrExtendReservationRequest(key=key, owner_id=owner)
        request.heartbeat_interval.FromSeconds(heartbeat)
        return self.client.get_or_extend_reservation(request, timeout_ms=TIMEOUT_MS).reservation

    def release(self, key, owner):
        self.client.release_reservation(cs.ReleaseReservationRequest(key=key, owner_id=owner), timeout_ms=TIMEOUT_MS)


class V2:
    """flyteidl2.cacheservice.v2.CacheService: the same requests inside base_request, with an Identifier."""

    def __init__(self, client, org="acme", project="flytesnacks", domain="development"):
        self.client = client
        self.identifier = cs2.Identifier(org=org, project=project, domain=domain)

    def get(self, key):
        request = cs2.GetCacheRequest(base_request=cs.GetCacheRequest(key=key), identifier=self.identifier)
        return self.client.get(request, timeout_ms=TIMEOUT_MS).output

    def put(self, key, output, overwrite=None):
        base = cs.PutCacheRequest(key=key, output=output)
        if overwrite is not None:
            base.overwrite.CopyFrom(overwrite)
        self.client.put(cs2.PutCacheRequest(base_request=base, identifier=self.identifier), timeout_ms=TIMEOUT_MS)

    def delete(self, key):
        request = cs2.DeleteCacheRequest(base_request=cs.DeleteCacheRequest(key=key), identifier=self.identifier)
        self.client.delete(request, timeout_ms=TIMEOUT_MS)

    def reserve(self, key, owner, heartbeat):
        base = cs.GetOrExtendReservationRequest(key=key, owner_id=owner)
        base.heartbeat_interval.FromSeconds(heartbeat)
        request = cs2.GetOrExtendReservationRequest(base_request=base, identifier=self.identifier)
        return self.client.get_or_extend_reservation(request, timeout_ms=TIMEOUT_MS).reservation

    def release(self, key, owner):
        request = cs2.ReleaseReservationRequest(
            base_request=cs.ReleaseReservationRequest(key=key, owner_id=owner), identifier=self.identifier
        )
        self.client.release_reservation(request, timeout_ms=TIMEOUT_MS)


def v1_client(base, **options):
    return cacheservice_connect.CacheServiceClientSync(base, **options)


def v2_client(base, **options):
    return cacheservice_connect_v2.CacheServiceClientSync(base, **options)


class GRPCClient:
    """The package's gRPC stub behind the Connect client's method names, its errors as ConnectErrors
    of the same code, so one set of checks serves both."""

    def __init__(self, address, stub):
        self.channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(self.channel).result(timeout=TIMEOUT_MS / 1000)
        self.stub = stub(self.channel)

    def __getattr__(self, name):
        method = getattr(self.stub, "".join(part.capitalize() for part in name.split("_")))

        def call(request, timeout_ms):
            try:
                return method(request, timeout=timeout_ms / 1000)
            except grpc.RpcError as error:
                raise ConnectError(Code(error.code().name.lower()), error.details() or "") from None

        return call


# ---- Checks


def get_put_delete(cache, run, what):
    """Get of a missing key, Put and Get (literals and a URI), Put of an existing key with and without
    overwrite, max_age, Delete."""
    key = f"{what}-{run}-literals"
    expect_code(Code.NOT_FOUND, f"{what}: Get of a missing key", lambda: cache.get(key))
    first = literal_output(1, run)
    cache.put(key, first)
    expect_output(cache.get(key), first, f"{what}: Get after Put")

    second = literal_output(2, run, attempt=1)
    expect_code(Code.ALREADY_EXISTS, f"{what}: Put of an existing key", lambda: cache.put(key, second))
    expect_output(cache.get(key), first, f"{what}: Get after a refused Put")
    expect_code(
        Code.ALREADY_EXISTS,
        f"{what}: Put with overwrite false and a max_age the entry has not reached",
        lambda: cache.put(key, second, cs.OverwriteOutput(overwrite=False, max_age={"seconds": 3600})),
    )
    cache.put(key, second, cs.OverwriteOutput(overwrite=True))
    expect_output(cache.get(key), second, f"{what}: Get after Put with overwrite")

    # An entry older than max_age is replaced without overwrite.
    written = time.time()
    deadline = written + 30
    while time.time() < written + 2 and time.time() < deadline:
        time.sleep(0.2)
    third = uri_output(f"s3://bucket/{run}/outputs.pb", run)
    cache.put(key, third, cs.OverwriteOutput(overwrite=False, max_age={"seconds": 1}))
    expect_output(cache.get(key), third, f"{what}: Get after Put over an entry older than max_age")

    uri_key = f"{what}-{run}-uri"
    stored = uri_output(f"s3://bucket/{run}/uri.pb", run)
    cache.put(uri_key, stored)
    expect_output(cache.get(uri_key), stored, f"{what}: Get of an output_uri")

    cache.delete(key)
    expect_code(Code.NOT_FOUND, f"{what}: Get after Delete", lambda: cache.get(key))
    expect_code(Code.NOT_FOUND, f"{what}: Delete of a missing key", lambda: cache.delete(key))
    cache.put(key, first)
    expect_output(cache.get(key), first, f"{what}: Put after Delete")
    expect_output(cache.get(uri_key), stored, f"{what}: the other key kept")


def reservations(cache, run, what):
    """GetOrExtendReservation and ReleaseReservation: acquire, extend, held by another, expiry, release."""

    def reserve(key, owner, heartbeat):
        before = time.time()
        reservation = cache.reserve(key, owner, heartbeat)
        return reservation, before, time.time()

    def expect_lease(reservation, before, after, heartbeat, label):
        expect(seconds(reservation.heartbeat_interval), heartbeat, f"{what}: {label}: heartbeat_interval")
        expires = seconds(reservation.expires_at)
        expect_true(
            before + 3 * heartbeat - 1 <= expires <= after + 3 * heartbeat + 1,
            f"{what}: {label}: expires_at {expires:.3f} is not 3 × {heartbeat} s after the call ({before:.3f} … {after:.3f})",
        )

    key = f"{what}-{run}-reserved"
    a, b = f"executor-a-{run}", f"executor-b-{run}"
    acquired, before, after = reserve(key, a, 5)
    expect((acquired.key, acquired.owner_id), (key, a), f"{what}: acquire")
    expect_lease(acquired, before, after, 5, "acquire")
    extended, before, after = reserve(key, a, 60)
    expect(extended.owner_id, a, f"{what}: extend: owner")
    expect_lease(extended, before, after, 10, "extend with a 60 s heartbeat (capped)")
    held = reserve(key, b, 5)[0]
    expect((held.owner_id, held.expires_at), (a, extended.expires_at), f"{what}: another owner gets the holder's")
    cache.release(key, b)  # not the holder: OK, nothing changes
    expect(reserve(key, b, 5)[0].owner_id, a, f"{what}: after a non-holder's release")
    cache.release(key, a)
    expect(reserve(key, b, 5)[0].owner_id, b, f"{what}: after the holder's release")
    cache.release(key, b)

    short = f"{what}-{run}-short"
    lease, before, after = reserve(short, a, 1)
    expect_lease(lease, before, after, 1, "short lease")
    expect(reserve(short, b, 1)[0].owner_id, a, f"{what}: short lease held before expiry")
    expires = seconds(lease.expires_at)
    deadline = time.time() + 30
    while time.time() <= expires + 0.5 and time.time() < deadline:
        time.sleep(0.2)
    taken, before, after = reserve(short, b, 1)
    expect(taken.owner_id, b, f"{what}: after expiry another owner acquires")
    expect_lease(taken, before, after, 1, "after expiry")
    cache.release(short, b)
    cache.release(short, b)  # nothing held: OK
    cache.release(f"{what}-{run}-never", a)  # never reserved: OK


def scoping(base, run):
    """v2: the Identifier scopes the key; the same key in two projects (or domains, or orgs) is two
    entries; an empty or missing identifier part is invalid_argument."""
    client = v2_client(base)
    here = V2(client, project="alpha")
    there = V2(client, project="beta")
    other_domain = V2(client, project="alpha", domain="production")
    other_org = V2(client, org="umbrella", project="alpha")
    key = f"scoped-{run}"
    here.put(key, literal_output(1, run))
    for cache, label in [(there, "another project"), (other_domain, "another domain"), (other_org, "another org")]:
        expect_code(Code.NOT_FOUND, f"v2: Get of the key in {label}", lambda cache=cache: cache.get(key))
    there.put(key, literal_output(2, run))
    expect_output(here.get(key), literal_output(1, run), "v2: the first project's entry")
    expect_output(there.get(key), literal_output(2, run), "v2: the second project's entry")
    here.delete(key)
    expect_code(Code.NOT_FOUND, "v2: Get after Delete in the first project", lambda: here.get(key))
    expect_output(there.get(key), literal_output(2, run), "v2: the second project's entry after the first's Delete")
    # A reservation in one project does not hold the key in another.
    expect(here.reserve(key, "a", 5).owner_id, "a", "v2: reservation in the first project")
    expect(there.reserve(key, "b", 5).owner_id, "b", "v2: reservation in the second project")
    here.release(key, "a")
    there.release(key, "b")

    for label, identifier in [
        ("an empty project", cs2.Identifier(org="acme", project="", domain="development")),
        ("an empty domain", cs2.Identifier(org="acme", project="flytesnacks", domain="")),
        ("an empty org", cs2.Identifier(org="", project="flytesnacks", domain="development")),
    ]:
        cache = V2(client)
        cache.identifier = identifier
        expect_code(Code.INVALID_ARGUMENT, f"v2: Put with {label}", lambda cache=cache: cache.put(key, literal_output(1, run)))
        expect_code(Code.INVALID_ARGUMENT, f"v2: Get with {label}", lambda cache=cache: cache.get(key))
    expect_code(
        Code.INVALID_ARGUMENT,
        "v2: Get with no identifier",
        lambda: client.get(cs2.GetCacheRequest(base_request=cs.GetCacheRequest(key=key)), timeout_ms=TIMEOUT_MS),
    )


def invalid_requests(cache, run, what):
    expect_code(Code.INVALID_ARGUMENT, f"{what}: Get with an empty key", lambda: cache.get(""))
    expect_code(Code.INVALID_ARGUMENT, f"{what}: Put with an empty key", lambda: cache.put("", literal_output(1, run)))
    expect_code(
        Code.INVALID_ARGUMENT,
        f"{what}: Put with neither output_literals nor output_uri",
        lambda: cache.put(f"{what}-{run}-empty", cs.CachedOutput(metadata=metadata(run))),
    )
    expect_code(
        Code.INVALID_ARGUMENT,
        f"{what}: GetOrExtendReservation with no owner",
        lambda: cache.reserve(f"{what}-{run}-owner", "", 5),
    )


def round_trips(pairs, run):
    """Each writer's Put read back by its reader: a miss first, the output, then already_exists."""
    for writer, reader, label in pairs:
        key = f"codec-{run}-{label}"
        expect_code(Code.NOT_FOUND, f"{label}: Get of a missing key", lambda: reader.get(key))
        for output in (literal_output(7, run), uri_output(f"s3://bucket/{run}/codec.pb", run)):
            kind = output.WhichOneof("output")
            writer.put(f"{key}-{kind}", output)
            expect_output(reader.get(f"{key}-{kind}"), output, f"{label} ({kind})")
            expect_code(
                Code.ALREADY_EXISTS, f"{label} ({kind}): Put again", lambda: writer.put(f"{key}-{kind}", output)
            )


def uncompressed(base, run):
    """Requests without Content-Encoding gzip, and replies not compressed, read by the default client."""
    plain = V1(v1_client(base, send_compression=None, accept_compression=[]))
    default = V1(v1_client(base))
    round_trips([(plain, default, "uncompressed Put"), (default, plain, "uncompressed Get")], run)


def json_codec(base, run):
    """The client's JSON codec (application/json), each way against the binary codec: output_literals
    and source_identifier as the JSON objects of a LiteralMap and an Identifier, output_uri with a key
    map, overwrite, Delete and the reservations. A JSON Put stores the literals as exactly the bytes of
    their deterministic binary encoding, which a raw binary Get returns."""

    def uri_only(label):
        return cs.CachedOutput(
            output_uri=f"s3://bucket/{run}/{label}.pb",
            metadata=cs.Metadata(key_map=cs.KeyMapMetadata(values={"run": run, "codec": "json"})),
        )

    binary = V1(v1_client(base))
    as_json = V1(v1_client(base, proto_json=True))
    json_plain = V1(v1_client(base, proto_json=True, send_compression=None, accept_compression=[]))
    for writer, reader, label in [
        (as_json, binary, "JSON Put, binary Get"),
        (binary, as_json, "binary Put, JSON Get"),
        (as_json, as_json, "JSON Put, JSON Get"),
        (json_plain, json_plain, "uncompressed JSON"),
        (V2(v2_client(base, proto_json=True)), V2(v2_client(base)), "v2 JSON Put, binary Get"),
        (V2(v2_client(base)), V2(v2_client(base, proto_json=True)), "v2 binary Put, JSON Get"),
    ]:
        for kind, first, second in [
            ("literals", literal_output(1, run), literal_output(2, run, attempt=1)),
            ("uri", uri_only(label), uri_only(label + "-2")),
        ]:
            key = f"json-{run}-{label}-{kind}"
            what = f"{label} ({kind})"
            expect_code(Code.NOT_FOUND, f"{what}: Get of a missing key", lambda: reader.get(key))
            writer.put(key, first)
            expect_output(reader.get(key), first, what)
            expect_code(Code.ALREADY_EXISTS, f"{what}: Put again", lambda: writer.put(key, first))
            writer.put(key, second, cs.OverwriteOutput(overwrite=True))
            expect_output(reader.get(key), second, f"{what}: after an overwrite")
            writer.delete(key)
            expect_code(Code.NOT_FOUND, f"{what}: Get after Delete", lambda: reader.get(key))
    reservations(V2(v2_client(base, proto_json=True)), run, "v2 JSON")

    # The stored bytes: a JSON Put read back raw over the binary codec.
    key = f"json-{run}-raw"
    as_json.put(key, literal_output(3, run))
    status, _, body = post(
        base, "/flyteidl2.cacheservice.CacheService/Get", field(1, key.encode()), "application/proto"
    )
    expect(status, 200, f"raw binary Get of a JSON Put ({body[:200]!r})")
    output = wire_fields(wire_fields(body)[1][0])
    expect(
        output.get(1),
        [outputs(3).SerializeToString(deterministic=True)],
        "JSON Put: the stored output_literals are the LiteralMap's deterministic binary encoding",
    )
    expect(
        wire_fields(output[3][0]).get(1),
        [metadata(run).source_identifier.SerializeToString(deterministic=True)],
        "JSON Put: the stored source_identifier is the Identifier's binary encoding",
    )

    # Literals that are no LiteralMap's JSON are refused, as is the base64 form.
    for label, literals in [
        ("a base64 string", "CgA="),
        ("an integer that is not one", {"literals": {"x": {"scalar": {"primitive": {"integer": "many"}}}}}),
    ]:
        request = {"key": f"json-{run}-bad", "output": {"outputLiterals": literals}}
        status, content_type, body = post(
            base, "/flyteidl2.cacheservice.CacheService/Put", json.dumps(request).encode(), "application/json"
        )
        expect((status, json.loads(body).get("code")), (400, "invalid_argument"), f"JSON Put with {label}")


def post(base, path, body, content_type, encoding=None):
    headers = {"Content-Type": content_type, "Connect-Protocol-Version": "1"}
    if encoding:
        headers["Content-Encoding"] = encoding
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_MS / 1000) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def field(number, payload):
    """A length-delimited protobuf field."""
    key, length, out = (number << 3) | 2, len(payload), bytearray()
    for value in (key, length):
        while value >= 0x80:
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        out.append(value)
    return bytes(out) + payload


def read_varint(data, offset):
    value = shift = 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, offset
        shift += 7


def wire_fields(data):
    """Field number → list of raw values (bytes for length-delimited fields, ints for varints)."""
    fields = {}
    offset = 0
    while offset < len(data):
        key, offset = read_varint(data, offset)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, offset = read_varint(data, offset)
        elif wire_type == 2:
            length, offset = read_varint(data, offset)
            value = bytes(data[offset : offset + length])
            offset += length
        elif wire_type == 1:
            value, offset = bytes(data[offset : offset + 8]), offset + 8
        elif wire_type == 5:
            value, offset = bytes(data[offset : offset + 4]), offset + 4
        else:
            raise Mismatch(f"wire type {wire_type} in a reply")
        fields.setdefault(number, []).append(value)
    return fields


def raw_http(base, run):
    """Connect on the wire: the literals' bytes come back exactly as put (one carries a field this
    flyteidl2 does not know), and errors are JSON with the code and its HTTP status."""
    literals = outputs(3).SerializeToString(deterministic=True) + b"\xf8\x06\x01"
    key = f"raw-{run}".encode()
    put = field(1, key) + field(2, field(1, literals))
    status, _, body = post(base, "/flyteidl2.cacheservice.CacheService/Put", put, "application/proto")
    expect(status, 200, f"raw Put: HTTP status ({body[:200]!r})")
    status, content_type, body = post(
        base, "/flyteidl2.cacheservice.CacheService/Get", field(1, key), "application/proto"
    )
    expect((status, content_type.split(";")[0]), (200, "application/proto"), "raw Get: status and Content-Type")
    output = wire_fields(body).get(1, [b""])[0]
    expect(wire_fields(output).get(1), [literals], "raw Get: the output_literals bytes")

    for path, request, code, http in [
        ("Get", field(1, f"raw-{run}-missing".encode()), "not_found", 404),
        ("Put", put, "already_exists", 409),
        ("Get", b"", "invalid_argument", 400),
    ]:
        status, content_type, body = post(base, f"/flyteidl2.cacheservice.CacheService/{path}", request, "application/proto")
        expect(status, http, f"raw {path} ({code}): HTTP status")
        expect(content_type.split(";")[0], "application/json", f"raw {path} ({code}): Content-Type")
        error = json.loads(body)
        expect(error.get("code"), code, f"raw {path} ({code}): error code")
        expect_true(isinstance(error.get("message"), str), f"raw {path} ({code}): no message in {error}")

    status, _, body = post(
        base, "/flyteidl2.cacheservice.CacheService/Nope", field(1, key), "application/proto"
    )
    expect(status, 404, f"raw request for an unknown method ({body[:200]!r})")


def run_checks(checks):
    """Runs every check, even after one fails (each works on keys of its own), printing `ok <check>` or
    `FAILED <check>: <what differed>`; 0 when all passed, else 1."""
    failed = []
    for check, body in checks:
        try:
            body()
            print(f"ok {check}", flush=True)
        except Mismatch as mismatch:
            print(f"FAILED {check}: {mismatch}", flush=True)
            failed.append(check)
        except Exception:
            print(f"FAILED {check}:", flush=True)
            traceback.print_exc(file=sys.stdout)
            failed.append(check)
    if failed:
        print(f"{len(failed)} of {len(checks)} checks failed: {', '.join(failed)}", flush=True)
        return 1
    print("all checks passed", flush=True)
    return 0


def main():
    if len(sys.argv) not in (2, 3) or not sys.argv[1].startswith("http"):
        print(__doc__, file=sys.stderr)
        return 64
    base = sys.argv[1].rstrip("/")
    run = uuid.uuid4().hex[:8]
    over_grpc = []
    if len(sys.argv) == 3:
        address = sys.argv[2]
        grpc_v1 = lambda: V1(GRPCClient(address, cacheservice_pb2_grpc.CacheServiceStub))
        grpc_v2 = lambda: V2(GRPCClient(address, cacheservice_pb2_grpc_v2.CacheServiceStub))
        over_grpc = [
            ("v1 get/put/delete over gRPC", lambda: get_put_delete(grpc_v1(), run, "grpc-v1")),
            ("v2 get/put/delete over gRPC", lambda: get_put_delete(grpc_v2(), run, "grpc-v2")),
            ("v2 reservations over gRPC", lambda: reservations(grpc_v2(), run, "grpc-v2")),
            ("v2 invalid requests over gRPC", lambda: invalid_requests(grpc_v2(), run, "grpc-v2")),
        ]
    return run_checks(
        [
            ("v1 get/put/delete (gzip)", lambda: get_put_delete(V1(v1_client(base)), run, "v1")),
            ("v2 get/put/delete (gzip)", lambda: get_put_delete(V2(v2_client(base)), run, "v2")),
            ("v1 reservations", lambda: reservations(V1(v1_client(base)), run, "v1")),
            ("v2 reservations", lambda: reservations(V2(v2_client(base)), run, "v2")),
            ("v2 identifier scoping", lambda: scoping(base, run)),
            ("v1 invalid requests", lambda: invalid_requests(V1(v1_client(base)), run, "v1")),
            ("v2 invalid requests", lambda: invalid_requests(V2(v2_client(base)), run, "v2")),
            ("uncompressed requests and replies", lambda: uncompressed(base, run)),
            ("JSON codec", lambda: json_codec(base, run)),
            ("raw HTTP", lambda: raw_http(base, run)),
        ]
        + over_grpc
    )


if __name__ == "__main__":
    sys.exit(main())
