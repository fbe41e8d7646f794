package org.kerys.platform.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL 17 server Kerys runs itself when no external database is configured.
 * Its cluster lives in {@code <data dir>/postgres} and survives restarts; unlike the launcher's test
 * defaults it runs with {@code fsync} and {@code synchronous_commit} on, so a committed change
 * survives a crash. A server left running by a Kerys that was killed is stopped before a new one starts.
 */
final class EmbeddedPostgresServer implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	static EmbeddedPostgresServer start(Path dataDir) throws IOException {
		Path cluster = dataDir.resolve("postgres");
		Path binaries = dataDir.resolve("postgres-binaries");
		Files.createDirectories(cluster);
		Files.createDirectories(binaries);
		stopLeftover(cluster);
		long started = System.nanoTime();
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(cluster)
				.setCleanDataDirectory(false)
				// Spring stops it after the connection pool; a JVM hook of its own would race with that.
				.setRegisterShutdownHook(false)
				.setOverrideWorkingDirectory(binaries.toFile())
				.setPGStartupWait(Duration.ofSeconds(60))
				// The launcher passes -F (fsync off); these come after it and win.
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("full_page_writes", "on")
				.setServerConfig("max_connections", "100")
				.setServerConfig("listen_addresses", "127.0.0.1")
				.start();
		log.info("Embedded PostgreSQL 17 ready on 127.0.0.1:{} in {} ms (cluster {})", postgres.getPort(),
				(System.nanoTime() - started) / 1_000_000, cluster);
		return new EmbeddedPostgresServer(postgres);
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
	}

	int port() {
		return postgres.getPort();
	}

	@Override
	public void close() throws IOException {
		log.info("Stopping embedded PostgreSQL");
		postgres.close();
	}

	/**
	 * After {@code kill -9} the postmaster outlives the JVM and keeps {@code postmaster.pid}; the caller
	 * holds the data directory's lock, so any such server is a leftover and is shut down (fast mode).
	 */
	private static void stopLeftover(Path cluster) throws IOException {
		Optional<ProcessHandle> leftover = runningPostmaster(cluster);
		if (leftover.isEmpty()) {
			return;
		}
		ProcessHandle postmaster = leftover.get();
		log.warn("A PostgreSQL server (pid {}) was left running by a previous Kerys; stopping it", postmaster.pid());
		signal(postmaster.pid(), "INT");
		if (!waitForExit(postmaster, Duration.ofSeconds(30))) {
			log.warn("PostgreSQL pid {} did not stop in 30 s; killing it (crash recovery will follow)", postmaster.pid());
			postmaster.destroyForcibly();
			waitForExit(postmaster, Duration.ofSeconds(10));
		}
	}

	/** The live postmaster named by {@code postmaster.pid} in this cluster, if any. */
	static Optional<ProcessHandle> runningPostmaster(Path cluster) throws IOException {
		Path pidFile = cluster.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty()) {
			return Optional.empty();
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException e) {
			return Optional.empty();
		}
		return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true));
	}

	/** The port of the live postmaster of this cluster (line 4 of {@code postmaster.pid}). */
	static Optional<Integer> runningPort(Path cluster) throws IOException {
		if (runningPostmaster(cluster).isEmpty()) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(cluster.resolve("postmaster.pid"));
		return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
	}

	private static void signal(long pid, String signal) {
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
		}
		catch (IOException e) {
			ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean waitForExit(ProcessHandle process, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (process.isAlive() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return !process.isAlive();
	}
}
