# Cairn in a container: build with the Swift toolchain, run on a slim Debian with only what `cairn`
# links against. The image always talks to an external PostgreSQL (CAIRN_DATABASE_URL): it carries no
# PostgreSQL server, so the embedded-cluster mode of `cairn serve` is not available in it.

# ---- build ------------------------------------------------------------------------------------------
FROM swift:6.3-bookworm AS build

RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -q -y --no-install-recommends pkg-config libpq-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Resolve dependencies in their own layer so that source edits do not refetch them.
# (Package.resolved is optional: the glob lets the copy succeed without it.)
COPY Package.swift Package.resolve[d] ./
RUN swift package resolve

COPY . .
RUN swift build -c release --product cairn \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/cairn" /staging/cairn

# ---- runtime ----------------------------------------------------------------------------------------
FROM debian:bookworm-slim

RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -q -y --no-install-recommends libpq5 zlib1g \
    && rm -rf /var/lib/apt/lists/*

# The Swift runtime (stdlib, Foundation, Dispatch, Concurrency) that the binary links dynamically.
COPY --from=build /usr/lib/swift/linux/*.so /usr/lib/swift/linux/
RUN echo /usr/lib/swift/linux > /etc/ld.so.conf.d/swift.conf && ldconfig

COPY --from=build /staging/cairn /usr/local/bin/cairn

RUN useradd --system --user-group --uid 10001 --home-dir /var/lib/cairn --create-home --shell /usr/sbin/nologin cairn
USER cairn:cairn
WORKDIR /var/lib/cairn

ENTRYPOINT ["cairn"]
CMD ["serve"]
