# syntax=docker/dockerfile:1
# hotpapers as a container: `docker build -t hotpapers .`, then see docker-compose.yml for a cluster with
# PostgreSQL 17. Not built on hotpapers' CI machines (no Docker engine there); PackagingFilesTest lints it.

# --- build stage: the Maven reactor; the tests run in CI, not in the image build --------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# poms first, so that a source change does not download the dependencies again
COPY pom.xml ./
COPY ingest-core/pom.xml ingest-core/
COPY ingest-arxiv/pom.xml ingest-arxiv/
COPY ingest-social/pom.xml ingest-social/
COPY ingest-scheduler/pom.xml ingest-scheduler/
COPY bench/pom.xml bench/
COPY sql sql
COPY ingest-core/src ingest-core/src
COPY ingest-arxiv/src ingest-arxiv/src
COPY ingest-social/src ingest-social/src
COPY ingest-scheduler/src ingest-scheduler/src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl ingest-scheduler -am package

# --- runtime stage: a JRE, the jar, and nothing that runs as root ------------------------------------------
FROM eclipse-temurin:17-jre
# curl for HEALTHCHECK only
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 hotpapers \
 && useradd --system --uid 10001 --gid hotpapers --home-dir /var/lib/hotpapers --shell /usr/sbin/nologin hotpapers \
 && mkdir -p /var/lib/hotpapers /opt/hotpapers \
 && chown hotpapers:hotpapers /var/lib/hotpapers \
 && chmod 0700 /var/lib/hotpapers
COPY --from=build /src/ingest-scheduler/target/hotpapers.jar /opt/hotpapers/hotpapers.jar

# HOTPAPERS_HOME holds hotpapers.properties, digests/, logs and, without HOTPAPERS_DB_URL, the embedded
# database (pgdata/): keep it on a volume. /health and /metrics listen on all interfaces of the container;
# publish the port only to the host's loopback or a private network.
ENV HOTPAPERS_HOME=/var/lib/hotpapers \
    HOTPAPERS_HTTP_ADDRESS=0.0.0.0:9464
VOLUME ["/var/lib/hotpapers"]
EXPOSE 9464
# PostgreSQL (embedded) refuses to run as root; so does this image
USER 10001:10001
WORKDIR /var/lib/hotpapers
# 200 for "up" and "degraded", 503 for "down"; the first start may migrate and catch up
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
  CMD curl --fail --silent --show-error --max-time 4 http://127.0.0.1:9464/health || exit 1
# SIGTERM reaches java directly (exec form) and starts the clean stop
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/hotpapers/hotpapers.jar"]
CMD ["daemon"]
