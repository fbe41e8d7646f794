package org.kerys.platform.internal;

import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.kerys.platform.KerysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the database: the external PostgreSQL of {@code KERYS_DB_URL}, or the embedded one under the data
 * directory. The connection pool is closed before the embedded server stops (it depends on it).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	DataDirectory dataDirectory(KerysProperties properties) {
		return DataDirectory.open(properties.dataDir());
	}

	@Bean(destroyMethod = "close")
	DatabaseServer databaseServer(KerysProperties properties, DataDirectory dataDirectory,
			@Value("${kerys.command:}") String command) throws IOException {
		KerysProperties.Db db = properties.db();
		if (db.external()) {
			log.info("Using the external PostgreSQL at {}", db.url());
			return new DatabaseServer(db.url(), db.user(), db.password(), null);
		}
		Path cluster = dataDirectory.root().resolve("postgres");
		if (!dataDirectory.owned()) {
			// Another Kerys owns this directory. A command may use its running server; a second server may not start.
			var port = EmbeddedPostgresServer.runningPort(cluster);
			if (!command.isEmpty() && port.isPresent()) {
				log.info("Kerys is running on this data directory; using its database on port {}", port.get());
				return new DatabaseServer("jdbc:postgresql://127.0.0.1:" + port.get() + "/postgres", "postgres", "",
						null);
			}
			throw new IllegalStateException("Another Kerys process is using the data directory "
					+ dataDirectory.root() + "; stop it or set KERYS_DATA_DIR to another directory");
		}
		EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory.root());
		return new DatabaseServer(server.jdbcUrl(), "postgres", "", server);
	}

	@Bean(destroyMethod = "close")
	DataSource dataSource(DatabaseServer server) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(server.url());
		config.setUsername(server.user());
		config.setPassword(server.password());
		config.setMaximumPoolSize(20);
		config.setPoolName("kerys");
		// batches of inserts (imports) travel as multi-row statements
		config.addDataSourceProperty("reWriteBatchedInserts", "true");
		return new HikariDataSource(config);
	}

	/** Where the database is, and the embedded server when Kerys runs it. */
	record DatabaseServer(String url, String user, String password, EmbeddedPostgresServer embedded)
			implements AutoCloseable {

		@Override
		public void close() throws IOException {
			if (embedded != null) {
				embedded.close();
			}
		}
	}
}
