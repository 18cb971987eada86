# syntax=docker/dockerfile:1
# The loginetl runner. Build: docker build -t loginetl:local .
# Run:   docker run --rm loginetl:local --help

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
# Maven reads every module of the reactor, so every module's pom comes in; only the runner's modules
# are built (and their sources copied): the lab (demo, bench, embedded servers) stays out of the image.
COPY etl-core/pom.xml etl-core/
COPY etl-testdata/pom.xml etl-testdata/
COPY etl-testkit/pom.xml etl-testkit/
COPY etl-example/pom.xml etl-example/
COPY etl-pii/pom.xml etl-pii/
COPY etl-sqs/pom.xml etl-sqs/
COPY etl-geoip/pom.xml etl-geoip/
COPY etl-postgres/pom.xml etl-postgres/
COPY etl-app/pom.xml etl-app/
COPY etl-lab/pom.xml etl-lab/
COPY etl-bench/pom.xml etl-bench/
COPY deploy-checks/pom.xml deploy-checks/
RUN ./mvnw -B -ntp -q -pl etl-app -am dependency:go-offline -DexcludeReactor=true || true
COPY data/ data/
COPY etl-core/src/ etl-core/src/
COPY etl-pii/src/ etl-pii/src/
COPY etl-sqs/src/ etl-sqs/src/
COPY etl-geoip/src/ etl-geoip/src/
COPY etl-postgres/src/ etl-postgres/src/
COPY etl-app/src/ etl-app/src/
# The image build compiles no test (-Dmaven.test.skip): the tests' own dependencies (etl-testkit's
# sources) stay out of the image's context.
# The class-data archive is made below, by the JVM that runs the jar: an archive only works with the
# JVM build that made it, and this stage's JDK is not the runtime stage's JRE.
RUN ./mvnw -B -ntp -q -Dmaven.test.skip=true -Dloginetl.cds.skip=true -pl etl-app -am package

FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system --gid 10001 loginetl \
 && useradd --system --uid 10001 --gid loginetl --home-dir /app --shell /usr/sbin/nologin loginetl
WORKDIR /app
COPY --from=build /src/etl-app/target/loginetl.jar /app/loginetl.jar
COPY data/fetch-sample-messages.json /app/data/fetch-sample-messages.json
# Class-data sharing: a training run of the start of `run` (the hidden `warmup` command: no server, no
# request leaves the container) records the classes it loads in /app/loginetl.jsa, which every start
# then maps instead of loading and verifying them again (docs/operations.md, "Start-up and JVM options"). It needs the JRE's own
# base archive, made here if this JRE lacks one. Made after the jar's COPY: the archive is tied to it.
RUN if [ ! -f "$JAVA_HOME/lib/server/classes.jsa" ]; then java -Xshare:dump -Xlog:cds=off >/dev/null; fi \
 && java -XX:ArchiveClassesAtExit=/app/loginetl.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar /app/loginetl.jar warmup \
 && test -s /app/loginetl.jsa
USER 10001:10001
EXPOSE 9404
# The container's memory limit sizes the heap; the pipeline's memory is bounded by --max-in-flight.
# -Xlog:cds=off: were the archive unusable, the JVM would say so on standard output, before a command's own output.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/loginetl.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/loginetl.jar"]
CMD ["run"]
