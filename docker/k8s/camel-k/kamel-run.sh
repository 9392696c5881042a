#!/usr/bin/env bash
# DataStream on Camel K (2.x): the YAML routes as the integration's sources, the project's jar (beans, upstream
# component, normalizers, publisher) as a Maven dependency the operator's Maven must reach (deploy it to your
# repository first: ./mvnw deploy, or configure the operator's Maven settings), properties from application.properties.
# Camel K builds its own runtime (Camel Quarkus by default): io.datastream.App is not used, so the wiring in
# ops/DataStreamConfiguration is found by classpath scanning of the io.datastream package (camel.main.base-package-scan)
# and health/metrics come from Camel K's health and prometheus traits instead of camel-observability-services.
# Run from the project root.
set -euo pipefail
VERSION="${DATASTREAM_VERSION:-0.1.0-SNAPSHOT}"

kamel run routes/upstream.yaml routes/publish.yaml routes/control.yaml routes/binance.yaml \
  --name datastream \
  --dependency "mvn:io.datastream:datastream:${VERSION}" \
  --dependency camel:yaml-dsl \
  --dependency camel:vertx-websocket \
  --dependency camel:spring-redis \
  --dependency camel:resilience4j \
  --dependency camel:jackson \
  --dependency camel:bean \
  --dependency camel:micrometer-prometheus \
  --property file:application.properties \
  --property camel.main.base-package-scan=io.datastream \
  --property datastream.redis.url=redis://redis:6379 \
  --trait health.enabled=true \
  --trait health.liveness-probe-enabled=true \
  --trait health.readiness-probe-enabled=true \
  --trait prometheus.enabled=true \
  --trait jolokia.enabled=true \
  --trait service.enabled=true \
  "$@"
