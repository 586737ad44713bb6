#!/usr/bin/env python3
"""Drives Cairn's gRPC front end with Flyte 1's own client code: the `flyteidl` package (1.16.x), its
`datacatalog_pb2_grpc.DataCatalogStub` over a plaintext `grpc` channel, replaying the calls
flytepropeller's catalog client makes (flytepropeller/pkg/controller/nodes/catalog/datacatalog).

Usage:
  datacatalog_check.py suite HOST:PORT          every check below; prints `ok <check>` per check and
                                                `all checks passed` at the end
  datacatalog_check.py write HOST:PORT          leaves two tagged artifacts behind (one with an org) and
                                                prints `catalog <json>`: for each, its Cairn dataset token,
                                                tag, artifact id and the strings `redis-cli --no-raw
                                                CACHE.GET <dataset> <tag>` must print
  datacatalog_check.py gone HOST:PORT JSON      the entries of `write`'s JSON are misses now (NOT_FOUND by
                                                tag and by id), waiting up to 15 s each for the purge's
                                                notification to reach the server

Every check runs even after one fails; exits 0 when every answer was the expected one, otherwise
prints what differed and exits 1.
"""
import base64
import concurrent.futures
import hashlib
import json
import sys
import threading
import time
import traceback
import uuid

import grpc
from flyteidl.core import interface_pb2, literals_pb2, types_pb2
from flyteidl.datacatalog import datacatalog_pb2 as dc
from flyteidl.datacatalog import datacatalog_pb2_grpc

# Every call gives up after this long: a hang catcher, never a measurement.
CALL_TIMEOUT = 30
NOT_FOUND = grpc.StatusCode.NOT_FOUND
ALREADY_EXISTS = grpc.StatusCode.ALREADY_EXISTS
INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT


class Mismatch(Exception):
    pass


def expect(actual, expected, what):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def expect_true(condition, what):
    if not condition:
        raise Mismatch(what)


def expect_code(code, what, call):
    """`call` fails with `code` and a message."""
    try:
        result = call()
    except grpc.RpcError as error:
        if error.code() != code:
            raise Mismatch(f"{what}: expected {code.name}, got {error.code().name}: {error.details()!r}")
        if code == INVALID_ARGUMENT and not error.details():
            raise Mismatch(f"{what}: INVALID_ARGUMENT without a message")
        return error
    raise Mismatch(f"{what}: expected {code.name}, got the answer {result!r}")


# ---- Flyte's identifiers, built as flytepropeller builds them (transformer.go)


def b64_sha256(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def variable_map(**types):
    return interface_pb2.VariableMap(
        variables={
            name: interface_pb2.Variable(type=types_pb2.LiteralType(simple=simple)) for name, simple in types.items()
        }
    )


def dataset_id(project, domain, task, cache_version="1.0", org=""):
    """Propeller's DatasetID: name `flyte_task-<task>`, version `<cache version>-<inputs hash>-<outputs hash>`
    (8 characters of each interface hash)."""
    inputs = variable_map(x=types_pb2.INTEGER, label=types_pb2.STRING)
    outputs = variable_map(o0=types_pb2.INTEGER, o1=types_pb2.STRING)
    signature = "%s-%s" % (
        b64_sha256(inputs.SerializeToString(deterministic=True))[:8],
        b64_sha256(outputs.SerializeToString(deterministic=True))[:8],
    )
    return dc.DatasetID(
        project=project, domain=domain, name=f"flyte_task-{task}", version=f"{cache_version}-{signature}", org=org
    )


def tag_for(inputs):
    """Propeller's tag: `flyte_cached-` and the hash of the input literal map."""
    return "flyte_cached-" + b64_sha256(inputs.SerializeToString(deterministic=True))


def integer(value):
    return literals_pb2.Literal(
        scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(integer=value))
    )


def string(value):
    return literals_pb2.Literal(
        scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(string_value=value))
    )


def inputs_for(x, label="a"):
    return literals_pb2.LiteralMap(literals={"x": integer(x), "label": string(label)})


def literal_values():
    """Task outputs of several kinds, as the bytes propeller would send; one carries every byte value,
    one a field this flyteidl does not know (a newer client's), which a store that parses would drop."""
    blob = literals_pb2.Literal(
        scalar=literals_pb2.Scalar(
            blob=literals_pb2.Blob(
                uri="s3://bucket/outputs/abc/o2",
                metadata=literals_pb2.BlobMetadata(
                    type=types_pb2.BlobType(format="csv", dimensionality=types_pb2.BlobType.SINGLE)
                ),
            )
        )
    )
    nested = literals_pb2.Literal(
        collection=literals_pb2.LiteralCollection(literals=[integer(1), string("two"), integer(-3)]),
        metadata={"origin": "check"},
    )
    mapping = literals_pb2.Literal(map=literals_pb2.LiteralMap(literals={"k": string("v"), "n": integer(7)}))
    binary = literals_pb2.Literal(scalar=literals_pb2.Scalar(binary=literals_pb2.Binary(value=bytes(range(256)))))
    values = {
        "o0": integer(42).SerializeToString(deterministic=True),
        "o1": string("héllo\n\"quoted\"\\").SerializeToString(deterministic=True),
        "o2": blob.SerializeToString(deterministic=True),
        "o3": nested.SerializeToString(deterministic=True),
        "o4": mapping.SerializeToString(deterministic=True),
        "o5": binary.SerializeToString(deterministic=True),
        # Field 111, varint 1: unknown to flyteidl 1.16, kept by Python's parser as an unknown field.
        "o6": integer(5).SerializeToString(deterministic=True) + b"\xf8\x06\x01",
    }
    return values


def field(number, payload):
    """A length-delimited protobuf field."""
    out = bytearray()
    for value in ((number << 3) | 2, len(payload)):
        while value >= 0x80:
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        out.append(value)
    return bytes(out) + payload


def data_fields(number, values):
    """Repeated ArtifactData (field `number`) holding each Literal's bytes exactly as given: appended to a
    serialized message, they are its data (protobuf concatenation is a merge). Python's serializer would
    write a parsed Literal's map entries in an order of its own."""
    return b"".join(field(number, field(1, name.encode()) + field(2, raw)) for name, raw in values.items())


def artifact_data(values):
    """ArtifactData messages for Literal bytes, for requests where only the parsed values matter."""
    return [dc.ArtifactData(name=name, value=literals_pb2.Literal.FromString(raw)) for name, raw in values.items()]


def artifact_metadata(execution, node="n0", attempt=0):
    return dc.Metadata(
        key_map={
            "exec-project": "flytesnacks",
            "exec-domain": "development",
            "exec-name": execution,
            "exec-node": node,
            "exec-attempt": str(attempt),
        }
    )


# ---- The wire, read by hand: the Literal bytes exactly as the server sent them


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


def raw_artifact_data(response_bytes):
    """GetArtifactResponse bytes → {name: Literal bytes} of its artifact (field 1, data field 3)."""
    artifact = wire_fields(wire_fields(response_bytes)[1][0])
    data = {}
    for item in artifact.get(3, []):
        fields = wire_fields(item)
        data[fields.get(1, [b""])[0].decode()] = fields.get(2, [b""])[0]
    return data


# ---- The client


class Catalog:
    def __init__(self, address):
        self.channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(self.channel).result(timeout=CALL_TIMEOUT)
        self.stub = datacatalog_pb2_grpc.DataCatalogStub(self.channel)
        # GetArtifact with the reply left as bytes, to compare the Literal bytes as they came, and
        # CreateArtifact and UpdateArtifact taking request bytes, to send them exactly.
        self.get_artifact_raw = self.channel.unary_unary(
            "/datacatalog.DataCatalog/GetArtifact",
            request_serializer=dc.GetArtifactRequest.SerializeToString,
            response_deserializer=None,
        )
        self.create_artifact_raw = self.channel.unary_unary(
            "/datacatalog.DataCatalog/CreateArtifact",
            request_serializer=None,
            response_deserializer=dc.CreateArtifactResponse.FromString,
        )
        self.update_artifact_raw = self.channel.unary_unary(
            "/datacatalog.DataCatalog/UpdateArtifact",
            request_serializer=None,
            response_deserializer=dc.UpdateArtifactResponse.FromString,
        )

    def __getattr__(self, rpc):
        method = getattr(self.stub, rpc)
        return lambda request: method(request, timeout=CALL_TIMEOUT)

    def close(self):
        self.channel.close()


def by_tag(dataset, tag):
    return dc.GetArtifactRequest(dataset=dataset, tag_name=tag)


def by_id(dataset, artifact_id):
    return dc.GetArtifactRequest(dataset=dataset, artifact_id=artifact_id)


def create_artifact(c, dataset, values, metadata=None, artifact_id=None, partitions=()):
    """CreateArtifact as propeller sends it (a client-made UUID), the Literal bytes sent exactly."""
    artifact_id = str(uuid.uuid4()) if artifact_id is None else artifact_id
    artifact = dc.Artifact(
        id=artifact_id,
        dataset=dataset,
        metadata=metadata or dc.Metadata(),
        partitions=[dc.Partition(key=k, value=v) for k, v in partitions],
    )
    request = field(1, artifact.SerializeToString() + data_fields(3, values))
    c.create_artifact_raw(request, timeout=CALL_TIMEOUT)
    return artifact_id


def update_artifact_request(c, values, **fields):
    """UpdateArtifact with the Literal bytes sent exactly; its answer."""
    request = dc.UpdateArtifactRequest(**fields).SerializeToString() + data_fields(4, values)
    return c.update_artifact_raw(request, timeout=CALL_TIMEOUT)


def add_tag(c, dataset, tag, artifact_id):
    c.AddTag(dc.AddTagRequest(tag=dc.Tag(name=tag, artifact_id=artifact_id, dataset=dataset)))


def same_dataset(actual, expected, what):
    expect(
        (actual.project, actual.domain, actual.name, actual.version, actual.org),
        (expected.project, expected.domain, expected.name, expected.version, expected.org),
        what,
    )


def data_of(artifact):
    return {item.name: item.value for item in artifact.data}


def expect_hit(c, dataset, request, artifact_id, values, metadata, what):
    """GetArtifact answers with the artifact: its id, dataset, metadata, and each Literal byte for
    byte (read off the wire) and as flyteidl parses it."""
    artifact = c.GetArtifact(request).artifact
    expect(artifact.id, artifact_id, f"{what}: artifact id")
    same_dataset(artifact.dataset, dataset, f"{what}: artifact dataset")
    expect(dict(artifact.metadata.key_map), dict(metadata.key_map), f"{what}: metadata")
    expect(list(artifact.partitions), [], f"{what}: partitions (propeller never sends any)")
    expect_true(artifact.HasField("created_at") and artifact.created_at.seconds > 0, f"{what}: created_at unset")
    parsed = data_of(artifact)
    expect(sorted(parsed), sorted(values), f"{what}: data names")
    for name, raw in values.items():
        expect(parsed[name], literals_pb2.Literal.FromString(raw), f"{what}: Literal {name} as flyteidl parses it")
    raw = raw_artifact_data(c.get_artifact_raw(request, timeout=CALL_TIMEOUT))
    expect(raw, values, f"{what}: Literal bytes")
    return artifact


# ---- Checks


def lookup(c, run):
    """Propeller's miss, put and hit: catalog.Get, then Put (CreateDataset, CreateArtifact, AddTag),
    then catalog.Get again."""
    dataset = dataset_id("flytesnacks", "development", f"lookup.{run}")
    tag = tag_for(inputs_for(1))
    expect_code(NOT_FOUND, "GetDataset of an unknown dataset", lambda: c.GetDataset(dc.GetDatasetRequest(dataset=dataset)))
    dataset_metadata = dc.Metadata(key_map={"task-version": "v1"})
    c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset, metadata=dataset_metadata)))
    expect_code(
        ALREADY_EXISTS,
        "CreateDataset again",
        lambda: c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset, metadata=dataset_metadata))),
    )
    got = c.GetDataset(dc.GetDatasetRequest(dataset=dataset)).dataset
    same_dataset(got.id, dataset, "GetDataset id")
    expect(dict(got.metadata.key_map), {"task-version": "v1"}, "GetDataset metadata")
    expect_code(NOT_FOUND, "GetArtifact by an unknown tag", lambda: c.GetArtifact(by_tag(dataset, tag)))
    expect_code(
        NOT_FOUND, "GetArtifact by an unknown id", lambda: c.GetArtifact(by_id(dataset, str(uuid.uuid4())))
    )

    values = literal_values()
    metadata = artifact_metadata(f"exec-{run}")
    artifact_id = create_artifact(c, dataset, values, metadata)
    add_tag(c, dataset, tag, artifact_id)

    c.GetDataset(dc.GetDatasetRequest(dataset=dataset))
    artifact = expect_hit(c, dataset, by_tag(dataset, tag), artifact_id, values, metadata, "GetArtifact by tag")
    expect([t.name for t in artifact.tags], [tag], "GetArtifact by tag: the artifact's tags")
    expect_hit(c, dataset, by_id(dataset, artifact_id), artifact_id, values, metadata, "GetArtifact by id")

    # Propeller treats ALREADY_EXISTS from AddTag as idempotent success; the tag stays.
    expect_code(ALREADY_EXISTS, "AddTag of the same tag again", lambda: add_tag(c, dataset, tag, artifact_id))
    expect_code(
        ALREADY_EXISTS,
        "CreateArtifact with an id already taken",
        lambda: create_artifact(c, dataset, {"o0": values["o0"]}, artifact_id=artifact_id),
    )
    expect_hit(c, dataset, by_tag(dataset, tag), artifact_id, values, metadata, "GetArtifact by tag after both")


def racing_writers(address, run):
    """Two propellers finish the same task at once: both CreateArtifact, both AddTag the same tag.
    One tag results, the loser gets ALREADY_EXISTS, and the tag never moves."""
    c = Catalog(address)
    dataset = dataset_id("flytesnacks", "development", f"race.{run}")
    c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset)))
    writers = [Catalog(address), Catalog(address)]
    try:
        for round_ in range(10):
            tag = tag_for(inputs_for(round_, "race"))
            barrier = threading.Barrier(2, timeout=CALL_TIMEOUT)
            outcomes = [None, None]

            def write(index):
                try:
                    values = {"o0": integer(index).SerializeToString(), "o1": string(f"writer {index}").SerializeToString()}
                    artifact_id = create_artifact(writers[index], dataset, values)
                    barrier.wait()
                    try:
                        add_tag(writers[index], dataset, tag, artifact_id)
                        outcomes[index] = ("tagged", artifact_id)
                    except grpc.RpcError as error:
                        outcomes[index] = (error.code().name, artifact_id)
                except Exception as error:  # reported below, with the round
                    outcomes[index] = ("error", repr(error))

            threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(CALL_TIMEOUT * 3)
            expect_true(not any(t.is_alive() for t in threads), f"round {round_}: a writer hung")
            expect(
                sorted(o[0] for o in outcomes),
                ["ALREADY_EXISTS", "tagged"],
                f"round {round_}: the two AddTag outcomes {outcomes}",
            )
            winner = next(o[1] for o in outcomes if o[0] == "tagged")
            loser = next(o[1] for o in outcomes if o[0] != "tagged")
            expect(c.GetArtifact(by_tag(dataset, tag)).artifact.id, winner, f"round {round_}: the tag's artifact")
            expect_code(ALREADY_EXISTS, f"round {round_}: the loser's AddTag again", lambda: add_tag(c, dataset, tag, loser))
            expect(c.GetArtifact(by_tag(dataset, tag)).artifact.id, winner, f"round {round_}: the tag did not move")
            # Both artifacts exist; only the winner carries the tag.
            expect([t.name for t in c.GetArtifact(by_id(dataset, loser)).artifact.tags], [], f"round {round_}: loser's tags")
            listed = c.ListArtifacts(
                dc.ListArtifactsRequest(
                    dataset=dataset,
                    filter=dc.FilterExpression(
                        filters=[dc.SinglePropertyFilter(tag_filter=dc.TagPropertyFilter(tag_name=tag))]
                    ),
                    pagination=dc.PaginationOptions(limit=10),
                )
            )
            expect([a.id for a in listed.artifacts], [winner], f"round {round_}: ListArtifacts by the tag")
    finally:
        for writer in writers:
            writer.close()
        c.close()


def update_artifact(c, run):
    """Cache overwrite (propeller's catalog.Update): UpdateArtifact by tag replaces the data (names not
    sent are removed) and the metadata and answers with the artifact id; NOT_FOUND when nothing is
    tagged, after which propeller creates and tags the artifact."""
    dataset = dataset_id("flytesnacks", "development", f"update.{run}")
    c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset)))
    tag = tag_for(inputs_for(3))
    first = {"o0": integer(1).SerializeToString(), "o1": string("old").SerializeToString()}
    artifact_id = create_artifact(c, dataset, first, artifact_metadata("exec-1"))
    add_tag(c, dataset, tag, artifact_id)

    second = {"o0": integer(2).SerializeToString(), "o2": string("new").SerializeToString()}
    metadata = artifact_metadata("exec-2", attempt=1)
    answer = update_artifact_request(c, second, dataset=dataset, tag_name=tag, metadata=metadata)
    expect(answer.artifact_id, artifact_id, "UpdateArtifact by tag: artifact_id")
    expect_hit(c, dataset, by_tag(dataset, tag), artifact_id, second, metadata, "GetArtifact after UpdateArtifact by tag")

    third = {"o3": literal_values()["o5"]}
    metadata = artifact_metadata("exec-3")
    answer = update_artifact_request(c, third, dataset=dataset, artifact_id=artifact_id, metadata=metadata)
    expect(answer.artifact_id, artifact_id, "UpdateArtifact by id: artifact_id")
    expect_hit(c, dataset, by_id(dataset, artifact_id), artifact_id, third, metadata, "GetArtifact after UpdateArtifact by id")
    expect_hit(c, dataset, by_tag(dataset, tag), artifact_id, third, metadata, "GetArtifact by tag after UpdateArtifact by id")

    # Nothing to update: NOT_FOUND, then propeller's fallback (create and tag).
    fresh = tag_for(inputs_for(4))
    expect_code(
        NOT_FOUND,
        "UpdateArtifact of an unknown tag",
        lambda: c.UpdateArtifact(dc.UpdateArtifactRequest(dataset=dataset, tag_name=fresh, data=artifact_data(first))),
    )
    expect_code(
        NOT_FOUND,
        "UpdateArtifact of an unknown id",
        lambda: c.UpdateArtifact(
            dc.UpdateArtifactRequest(dataset=dataset, artifact_id=str(uuid.uuid4()), data=artifact_data(first))
        ),
    )
    created = create_artifact(c, dataset, first, artifact_metadata("exec-4"))
    add_tag(c, dataset, fresh, created)
    expect_hit(c, dataset, by_tag(dataset, fresh), created, first, artifact_metadata("exec-4"), "GetArtifact after the fallback")
    expect_code(
        INVALID_ARGUMENT,
        "UpdateArtifact with no data",
        lambda: c.UpdateArtifact(dc.UpdateArtifactRequest(dataset=dataset, tag_name=tag)),
    )
    expect_code(
        INVALID_ARGUMENT,
        "UpdateArtifact with neither id nor tag",
        lambda: c.UpdateArtifact(dc.UpdateArtifactRequest(dataset=dataset, data=artifact_data(first))),
    )


def invalid_requests(c, run):
    """INVALID_ARGUMENT, with a message, for each malformed request."""
    dataset = dataset_id("flytesnacks", "development", f"invalid.{run}")
    c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset)))
    values = {"o0": integer(1).SerializeToString()}
    no_project = dc.DatasetID(domain=dataset.domain, name=dataset.name, version=dataset.version)
    no_version = dc.DatasetID(project=dataset.project, domain=dataset.domain, name=dataset.name)
    cases = [
        ("CreateArtifact with no data", lambda: create_artifact(c, dataset, {})),
        ("CreateArtifact with no id", lambda: create_artifact(c, dataset, values, artifact_id="")),
        ("CreateArtifact with no dataset project", lambda: create_artifact(c, no_project, values)),
        ("CreateDataset with no version", lambda: c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=no_version)))),
        ("GetDataset with no project", lambda: c.GetDataset(dc.GetDatasetRequest(dataset=no_project))),
        ("GetArtifact with neither id nor tag", lambda: c.GetArtifact(dc.GetArtifactRequest(dataset=dataset))),
        ("AddTag with no name", lambda: add_tag(c, dataset, "", str(uuid.uuid4()))),
    ]
    list_cases = [
        ("a tag filter with no name", dc.SinglePropertyFilter(tag_filter=dc.TagPropertyFilter(tag_name="")), None),
        (
            "a partition filter with no key",
            dc.SinglePropertyFilter(
                partition_filter=dc.PartitionPropertyFilter(key_val=dc.KeyValuePair(key="", value="x"))
            ),
            None,
        ),
        ("a token that no listing made", None, dc.PaginationOptions(limit=10, token="not-a-token!")),
        ("an unknown sort order", None, dc.PaginationOptions(limit=10, sortOrder=7)),
        ("an unknown sort key", None, dc.PaginationOptions(limit=10, sortKey=3)),
    ]
    for what, single, pagination in list_cases:
        request = dc.ListArtifactsRequest(dataset=dataset)
        if single is not None:
            request.filter.filters.append(single)
        if pagination is not None:
            request.pagination.CopyFrom(pagination)
        cases.append((f"ListArtifacts with {what}", lambda request=request: c.ListArtifacts(request)))
    cases.append(
        (
            "ListDatasets with a token that no listing made",
            lambda: c.ListDatasets(dc.ListDatasetsRequest(pagination=dc.PaginationOptions(limit=10, token="%%%"))),
        )
    )
    cases.append(
        (
            "ListDatasets with a project filter naming no project",
            lambda: c.ListDatasets(
                dc.ListDatasetsRequest(
                    filter=dc.FilterExpression(
                        filters=[dc.SinglePropertyFilter(dataset_filter=dc.DatasetPropertyFilter(project=""))]
                    )
                )
            ),
        )
    )
    for what, call in cases:
        expect_code(INVALID_ARGUMENT, what, call)

    # Partitions must name exactly the dataset's partition keys.
    partitioned = dataset_id("flytesnacks", "development", f"partitioned.{run}")
    c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=partitioned, partitionKeys=["region", "day"])))
    for what, partitions, target in [
        ("a partition key missing", [("region", "eu")], partitioned),
        ("a partition key the dataset does not have", [("region", "eu"), ("hour", "3")], partitioned),
        ("partitions on a dataset without partition keys", [("region", "eu")], dataset),
    ]:
        expect_code(
            INVALID_ARGUMENT,
            f"CreateArtifact with {what}",
            lambda partitions=partitions, target=target: create_artifact(c, target, values, partitions=partitions),
        )
    artifact_id = create_artifact(c, partitioned, values, partitions=[("day", "2026-01-02"), ("region", "eu")])
    got = c.GetArtifact(by_id(partitioned, artifact_id)).artifact
    expect(
        sorted((p.key, p.value) for p in got.partitions),
        [("day", "2026-01-02"), ("region", "eu")],
        "GetArtifact of a partitioned artifact: partitions",
    )
    got = c.GetDataset(dc.GetDatasetRequest(dataset=partitioned)).dataset
    expect(sorted(got.partitionKeys), ["day", "region"], "GetDataset: partition keys")


def timestamp_seconds(timestamp):
    return timestamp.seconds + timestamp.nanos / 1e9


def duration_seconds(duration):
    return duration.seconds + duration.nanos / 1e9


def reservations(c, run):
    """GetOrExtendReservation as propeller's catalog client calls it (owner id, heartbeat interval):
    acquire, extend, held by another, expiry, release."""
    dataset = dataset_id("flytesnacks", "development", f"reserve.{run}")
    c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset)))

    def reserve(tag, owner, heartbeat):
        before = time.time()
        request = dc.GetOrExtendReservationRequest(
            reservation_id=dc.ReservationID(dataset_id=dataset, tag_name=tag), owner_id=owner
        )
        request.heartbeat_interval.FromSeconds(heartbeat)
        reservation = c.GetOrExtendReservation(request).reservation
        return reservation, before, time.time()

    def release(tag, owner):
        c.ReleaseReservation(
            dc.ReleaseReservationRequest(reservation_id=dc.ReservationID(dataset_id=dataset, tag_name=tag), owner_id=owner)
        )

    def expect_lease(reservation, before, after, heartbeat, what):
        """expires_at is the server's now (between the call's start and end) plus 3 heartbeats."""
        expect(duration_seconds(reservation.heartbeat_interval), heartbeat, f"{what}: heartbeat_interval")
        expires = timestamp_seconds(reservation.expires_at)
        expect_true(
            before + 3 * heartbeat - 1 <= expires <= after + 3 * heartbeat + 1,
            f"{what}: expires_at {expires:.3f} is not 3 × {heartbeat} s after the call ({before:.3f} … {after:.3f})",
        )

    tag = tag_for(inputs_for(5))
    owner_a, owner_b = f"propeller-a/{run}/n0-0", f"propeller-b/{run}/n0-0"
    acquired, before, after = reserve(tag, owner_a, 5)
    expect(acquired.owner_id, owner_a, "acquire: owner")
    expect(acquired.reservation_id.tag_name, tag, "acquire: tag")
    same_dataset(acquired.reservation_id.dataset_id, dataset, "acquire: dataset")
    expect_lease(acquired, before, after, 5, "acquire")

    # Extended by its owner; a heartbeat above the 10 s default cap is capped.
    extended, before, after = reserve(tag, owner_a, 60)
    expect(extended.owner_id, owner_a, "extend: owner")
    expect_lease(extended, before, after, 10, "extend with a 60 s heartbeat")
    expect_true(
        timestamp_seconds(extended.expires_at) > timestamp_seconds(acquired.expires_at), "extend: expires_at moved"
    )

    held, _, _ = reserve(tag, owner_b, 5)
    expect(held.owner_id, owner_a, "another owner asks: the holder's reservation")
    expect(held.expires_at, extended.expires_at, "another owner asks: the holder's expiry")
    release(tag, owner_b)  # not the holder: nothing happens, and OK
    expect(reserve(tag, owner_b, 5)[0].owner_id, owner_a, "after a non-holder's release: still held")
    release(tag, owner_a)
    expect(reserve(tag, owner_b, 5)[0].owner_id, owner_b, "after the holder's release: acquired by another")
    release(tag, owner_b)

    # Expiry: a 1 s heartbeat lasts 3 s; once it has passed, another owner acquires.
    short = tag_for(inputs_for(6))
    lease, before, after = reserve(short, owner_a, 1)
    expect(lease.owner_id, owner_a, "short lease: owner")
    expect_lease(lease, before, after, 1, "short lease")
    expect(reserve(short, owner_b, 1)[0].owner_id, owner_a, "short lease: held before expiry")
    expires = timestamp_seconds(lease.expires_at)
    deadline = time.time() + 30
    while time.time() <= expires + 0.5 and time.time() < deadline:
        time.sleep(0.2)
    taken, before, after = reserve(short, owner_b, 1)
    expect(taken.owner_id, owner_b, "after expiry: another owner acquires")
    expect_lease(taken, before, after, 1, "after expiry")
    expect(reserve(short, owner_a, 1)[0].owner_id, owner_b, "after expiry: the first owner sees the new holder")
    release(short, owner_b)
    release(short, owner_b)  # nothing held any more: still OK
    release(tag_for(inputs_for(7)), owner_a)  # never reserved: OK
    expect(reserve(short, owner_a, 1)[0].owner_id, owner_a, "after release: free again")
    release(short, owner_a)


def follow_pages(list_page, what, limit, expected_pages=None):
    """Every page of a listing, following next_token; each page at most `limit` long; stops at an
    empty next_token (at most 200 pages)."""
    items, token, pages = [], "", 0
    for _ in range(200):
        answer = list_page(token)
        page = list(answer.artifacts) if hasattr(answer, "artifacts") else list(answer.datasets)
        pages += 1
        expect_true(len(page) <= limit, f"{what}: page {pages} has {len(page)} entries, limit {limit}")
        items.extend(page)
        token = answer.next_token
        if not token:
            break
        expect_true(page, f"{what}: an empty page {pages} with a next_token")
    else:
        raise Mismatch(f"{what}: still a next_token after 200 pages")
    if expected_pages is not None:
        expect_true(
            pages in expected_pages, f"{what}: {pages} pages for {len(items)} entries, expected {expected_pages}"
        )
    return items


def expect_order(items, ascending, what):
    times = [timestamp_seconds(item.created_at) for item in items]
    ordered = sorted(times) if ascending else sorted(times, reverse=True)
    expect_true(times == ordered, f"{what}: not in {'ascending' if ascending else 'descending'} creation order")


def paging(address, c, run):
    """1,000 artifacts in one dataset (written by 8 writers at once, so creation times tie), listed 100 at
    a time in both orders, with partition and tag filters; 240 datasets listed with property filters."""
    dataset = dataset_id("flytesnacks", "development", f"paging.{run}")
    c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset, partitionKeys=["shard"])))
    writers = [Catalog(address) for _ in range(8)]
    created = {}

    def write(index):
        writer = writers[index % len(writers)]
        values = {"o0": integer(index).SerializeToString()}
        artifact_id = create_artifact(writer, dataset, values, partitions=[("shard", str(index % 4))])
        if index % 10 == 0:
            add_tag(writer, dataset, f"page-{index}", artifact_id)
        return index, artifact_id, values

    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            for index, artifact_id, values in pool.map(write, range(1000), timeout=600):
                created[artifact_id] = (index, values)
    finally:
        for writer in writers:
            writer.close()
    expect(len(created), 1000, "artifacts created")

    def artifacts(filters=(), ascending=True, limit=100):
        order = dc.PaginationOptions.ASCENDING if ascending else dc.PaginationOptions.DESCENDING

        def page(token):
            return c.ListArtifacts(
                dc.ListArtifactsRequest(
                    dataset=dataset,
                    filter=dc.FilterExpression(filters=list(filters)),
                    pagination=dc.PaginationOptions(
                        limit=limit, token=token, sortKey=dc.PaginationOptions.CREATION_TIME, sortOrder=order
                    ),
                )
            )

        return page

    for ascending in (True, False):
        what = f"ListArtifacts of 1,000, {'ASCENDING' if ascending else 'DESCENDING'}"
        listed = follow_pages(artifacts(ascending=ascending), what, 100, expected_pages={10, 11})
        ids = [a.id for a in listed]
        expect(len(ids), len(set(ids)), f"{what}: no duplicate")
        expect(set(ids), set(created), f"{what}: no gap")
        expect_order(listed, ascending, what)
        for artifact in listed[:5] + listed[-5:]:
            expect(data_of(artifact), {name: literals_pb2.Literal.FromString(raw) for name, raw in created[artifact.id][1].items()}, f"{what}: data of {artifact.id}")
            index = created[artifact.id][0]
            expect([(p.key, p.value) for p in artifact.partitions], [("shard", str(index % 4))], f"{what}: partitions")

    shard = dc.SinglePropertyFilter(
        partition_filter=dc.PartitionPropertyFilter(key_val=dc.KeyValuePair(key="shard", value="1"))
    )
    expected = {a for a, (index, _) in created.items() if index % 4 == 1}
    for ascending in (True, False):
        what = f"ListArtifacts with partition shard=1, {'ASCENDING' if ascending else 'DESCENDING'}"
        listed = follow_pages(artifacts([shard], ascending), what, 100, expected_pages={3})
        ids = [a.id for a in listed]
        expect(len(ids), len(set(ids)), f"{what}: no duplicate")
        expect(set(ids), expected, f"{what}: no gap")
        expect_order(listed, ascending, what)

    tagged = next(a for a, (index, _) in created.items() if index == 70)
    tag = dc.SinglePropertyFilter(tag_filter=dc.TagPropertyFilter(tag_name="page-70"))
    listed = follow_pages(artifacts([tag]), "ListArtifacts with tag page-70", 100, expected_pages={1})
    expect([a.id for a in listed], [tagged], "ListArtifacts with tag page-70")
    both = follow_pages(artifacts([tag, shard]), "ListArtifacts with tag page-70 and shard=1", 100)
    expect([a.id for a in both], [], "ListArtifacts with tag page-70 (shard 2) and shard=1")
    seven = follow_pages(artifacts(limit=7), "ListArtifacts 7 at a time", 7, expected_pages={143})
    expect(len({a.id for a in seven}), 1000, "ListArtifacts 7 at a time: every artifact once")
    expect_code(
        NOT_FOUND,
        "ListArtifacts of an unknown dataset",
        lambda: c.ListArtifacts(dc.ListArtifactsRequest(dataset=dataset_id("flytesnacks", "development", f"none.{run}"))),
    )

    # Datasets: 240 in a project of their own, over two domains and three task names.
    project = f"paging-{run}"
    names = {}
    for i in range(240):
        ds = dataset_id(project, ("development", "production")[i % 2], f"t{i % 3}", cache_version=f"v{i}")
        c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=ds)))
        names[(ds.project, ds.domain, ds.name, ds.version)] = ds

    def datasets(filters, ascending=True):
        order = dc.PaginationOptions.ASCENDING if ascending else dc.PaginationOptions.DESCENDING

        def page(token):
            return c.ListDatasets(
                dc.ListDatasetsRequest(
                    filter=dc.FilterExpression(
                        filters=[dc.SinglePropertyFilter(dataset_filter=f) for f in filters]
                    ),
                    pagination=dc.PaginationOptions(limit=100, token=token, sortOrder=order),
                )
            )

        return page

    def key(ds):
        return (ds.project, ds.domain, ds.name, ds.version)

    for filters, pick, pages in [
        ([dc.DatasetPropertyFilter(project=project)], lambda k: True, {3}),
        (
            [dc.DatasetPropertyFilter(project=project), dc.DatasetPropertyFilter(domain="production")],
            lambda k: k[1] == "production",
            {2},
        ),
        (
            [dc.DatasetPropertyFilter(project=project), dc.DatasetPropertyFilter(name="flyte_task-t1")],
            lambda k: k[2] == "flyte_task-t1",
            {1},
        ),
        (
            [
                dc.DatasetPropertyFilter(project=project),
                dc.DatasetPropertyFilter(version=names[next(iter(names))].version),
            ],
            lambda k: k[3] == names[next(iter(names))].version,
            {1},
        ),
    ]:
        expected = {k for k in names if pick(k)}
        for ascending in (True, False):
            what = f"ListDatasets with {[str(f).strip() for f in filters]}, {'ASCENDING' if ascending else 'DESCENDING'}"
            listed = [key(d.id) for d in follow_pages(datasets(filters, ascending), what, 100, expected_pages=pages)]
            expect(len(listed), len(set(listed)), f"{what}: no duplicate")
            expect(set(listed), expected, f"{what}: no gap")


# ---- One catalog: artifacts written here, read with redis-cli, purged with cairn admin purge


def redis_repr(data):
    """A bulk string as `redis-cli --no-raw` prints it (sdscatrepr)."""
    out = ['"']
    escapes = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", 7: "\\a", 8: "\\b"}
    for byte in data:
        if byte in escapes:
            out.append(escapes[byte])
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append("\\x%02x" % byte)
    out.append('"')
    return "".join(out)


def write(c, run):
    entries = []
    for org, project in [("", "flytesnacks"), ("acme", "flytesnacks")]:
        dataset = dataset_id(project, "development", f"catalog.{run}", org=org)
        c.CreateDataset(dc.CreateDatasetRequest(dataset=dc.Dataset(id=dataset)))
        values = {"o0": integer(42).SerializeToString(deterministic=True), "o5": literal_values()["o5"]}
        tag = tag_for(inputs_for(8))
        artifact_id = create_artifact(c, dataset, values, artifact_metadata(f"exec-{run}"))
        add_tag(c, dataset, tag, artifact_id)
        expect_hit(c, dataset, by_tag(dataset, tag), artifact_id, values, artifact_metadata(f"exec-{run}"), "written")
        cairn_project = f"{org}:{project}" if org else project
        entries.append(
            {
                "dataset": f"{cairn_project}/{dataset.domain}/{dataset.name}/{dataset.version}",
                "flyte": {"org": org, "project": project, "domain": dataset.domain, "name": dataset.name, "version": dataset.version},
                "tag": tag,
                "artifact_id": artifact_id,
                "redis": [redis_repr(artifact_id.encode())]
                + [redis_repr(name.encode()) for name in values]
                + [redis_repr(raw) for raw in values.values()]
                + [redis_repr(b"exec-name"), redis_repr(f"exec-{run}".encode())],
            }
        )
    print("catalog " + json.dumps({"entries": entries}), flush=True)


def gone(c, entries):
    for entry in entries:
        flyte = entry["flyte"]
        dataset = dc.DatasetID(**flyte)
        what = f"{entry['dataset']} tag {entry['tag']} after the purge"
        deadline = time.time() + 15
        while True:
            try:
                c.GetArtifact(by_tag(dataset, entry["tag"]))
            except grpc.RpcError as error:
                if error.code() != NOT_FOUND:
                    raise Mismatch(f"GetArtifact by tag of {what}: expected NOT_FOUND, got {error.code().name}")
                break
            if time.time() > deadline:
                raise Mismatch(f"GetArtifact by tag of {what}: still a hit after 15 s")
            time.sleep(0.2)
        expect_code(NOT_FOUND, f"GetArtifact by id of {what}", lambda: c.GetArtifact(by_id(dataset, entry["artifact_id"])))
        print(f"ok gone {entry['dataset']}", flush=True)


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
    if len(sys.argv) < 3 or sys.argv[1] not in ("suite", "write", "gone"):
        print(__doc__, file=sys.stderr)
        return 64
    mode, address = sys.argv[1], sys.argv[2]
    run = uuid.uuid4().hex[:8]
    c = Catalog(address)
    try:
        if mode == "write":
            return run_checks([("write", lambda: write(c, run))])
        if mode == "gone":
            return run_checks([("gone", lambda: gone(c, json.loads(sys.argv[3])["entries"]))])
        return run_checks(
            [
                ("lookup", lambda: lookup(c, run)),
                ("racing writers", lambda: racing_writers(address, run)),
                ("update artifact", lambda: update_artifact(c, run)),
                ("invalid requests", lambda: invalid_requests(c, run)),
                ("reservations", lambda: reservations(c, run)),
                ("paging", lambda: paging(address, c, run)),
            ]
        )
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(main())
