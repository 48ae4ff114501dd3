package newsgraph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import java.time.Duration;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Runs an embedded Neo4j Community DBMS with the Bolt connector, the HTTP connector and
 * (when org.neo4j.client:neo4j-browser is on the classpath) Neo4j Browser at /browser/.
 *
 * <pre>
 * usage: java [--add-opens ...] -cp 'target/classes:target/lib/*' newsgraph.Neo4jServer HOME_DIR
 *
 * HOME_DIR             Neo4j home: data/ (databases, transactions, dbms) and logs/debug.log live here;
 *                      HOME_DIR/conf/neo4j.conf is loaded first when it exists. Falls back to $NEO4J_HOME.
 * NEO4J_LISTEN_ADDRESS address the connectors bind to (default 127.0.0.1)
 * NEO4J_BOLT_PORT      Bolt port (default 7687)
 * NEO4J_HTTP_PORT      HTTP port, Neo4j Browser at /browser/ (default 7474; 0 disables HTTP)
 * NEO4J_PAGECACHE      page cache size (default 128m)
 * NEO4J_PASSWORD       empty/unset: auth disabled (tests). Set: auth enabled, and user
 * NEO4J_USERNAME       (default neo4j) is created / given that password on every start.
 * </pre>
 *
 * Prints one line starting with "NEO4J READY" on stdout once Bolt and HTTP are serving (and the
 * password is set). Exits non-zero with a "NEO4J FAILED" line if a port is taken or startup fails.
 * SIGTERM / SIGINT shut the DBMS down cleanly (shutdown hook), then print "NEO4J STOPPED".
 */
public final class Neo4jServer {
    private static volatile DatabaseManagementService dbms;

    private Neo4jServer() {}

    /** A startup failure with its exit code; the message is all the user needs. */
    private static final class Failure extends RuntimeException {
        final int code;

        Failure(int code, String msg) {
            super(msg);
            this.code = code;
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            run(args);
            return;
        } catch (Failure f) {
            System.err.println("NEO4J FAILED: " + f.getMessage());
            code = f.code;
        } catch (Throwable t) {
            System.err.println("NEO4J FAILED: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.err.flush();
        if (dbms != null) {
            System.exit(code); // runs the shutdown hook: stop the DBMS cleanly
        }
        Runtime.getRuntime().halt(code); // nothing started, or build() failed half-way
    }

    private static void run(String[] args) throws Exception {
        String homeArg = args.length > 0 ? args[0] : System.getenv("NEO4J_HOME");
        if (args.length > 1 || homeArg == null || homeArg.isBlank()) {
            fail(2, "usage: Neo4jServer HOME_DIR   (or set NEO4J_HOME)");
        }
        Path home = Path.of(homeArg).toAbsolutePath().normalize();
        String host = env("NEO4J_LISTEN_ADDRESS", "127.0.0.1");
        int boltPort = port("NEO4J_BOLT_PORT", 7687);
        int httpPort = port("NEO4J_HTTP_PORT", 7474);
        String pageCache = env("NEO4J_PAGECACHE", "128m");
        String password = env("NEO4J_PASSWORD", "");
        String username = env("NEO4J_USERNAME", "neo4j");
        boolean auth = !password.isEmpty();

        // Fail fast and clearly instead of half-starting a DBMS that cannot bind.
        checkPortFree(host, boltPort, "Bolt (NEO4J_BOLT_PORT)");
        if (httpPort != 0) {
            checkPortFree(host, httpPort, "HTTP (NEO4J_HTTP_PORT)");
        }
        Files.createDirectories(home);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        Path conf = home.resolve("conf").resolve("neo4j.conf");
        if (Files.isRegularFile(conf)) {
            builder.loadPropertiesFromFile(conf);
        }
        // User-facing log (what neo4j.log holds in a packaged server) goes to stdout, which
        // scripts/neo4j.sh redirects to its log file; the detailed log is HOME/logs/debug.log.
        Log4jLogProvider userLog = new Log4jLogProvider(System.out, Level.INFO);
        builder.setUserLogProvider(userLog)
                .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(host))
                .setConfig(GraphDatabaseSettings.default_advertised_address, new SocketAddress(host))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, boltPort))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, boltPort))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, httpPort != 0)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, auth)
                .setConfig(GraphDatabaseSettings.auth_minimum_password_length, 1)
                .setConfig(GraphDatabaseSettings.pagecache_memory, parseBytes(pageCache))
                // Server-side routing would open a third port (7688); drivers' neo4j:// routing
                // works without it against a single instance.
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // No phoning home: usage reports and Browser telemetry off.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(ServerSettings.allow_telemetry, false)
                // Bolt's shutdown otherwise idles ~15s (3 x 5s grace periods) even with no clients.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1));
        if (httpPort != 0) {
            builder.setConfig(HttpConnector.listen_address, new SocketAddress(host, httpPort))
                    .setConfig(HttpConnector.advertised_address, new SocketAddress(host, httpPort));
        }

        long t0 = System.nanoTime();
        dbms = builder.build();
        AtomicBoolean stopped = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("NEO4J STOPPING");
                System.out.flush();
                try {
                    dbms.shutdown();
                } catch (Throwable t) {
                    System.out.println("NEO4J shutdown error: " + t);
                }
                userLog.close();
                System.out.println("NEO4J STOPPED");
                System.out.flush();
            }
        }, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(60_000)) {
            fail(1, "database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME + "' did not become available");
        }
        if (auth) {
            setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), username, password);
        }
        System.out.printf("NEO4J READY bolt=neo4j://%s:%d http=%s auth=%s home=%s startup_ms=%d%n",
                host, boltPort,
                httpPort != 0 ? "http://" + host + ":" + httpPort + "/browser/" : "off",
                auth ? "on(user=" + username + ")" : "off",
                home, (System.nanoTime() - t0) / 1_000_000);
        System.out.flush();
        new CountDownLatch(1).await(); // live until a signal runs the shutdown hook
    }

    /** Creates the user or sets its password; run on every start so the env stays the truth. */
    private static void setPassword(GraphDatabaseService system, String user, String password) {
        Map<String, Object> params = Map.of("u", user, "p", password);
        boolean exists = system.executeTransactionally(
                "SHOW USERS YIELD user WHERE user = $u RETURN count(*) AS n", params,
                r -> ((Number) r.next().get("n")).longValue() > 0);
        if (!exists) {
            system.executeTransactionally("CREATE USER $u SET PASSWORD $p CHANGE NOT REQUIRED", params);
            return;
        }
        try {
            system.executeTransactionally("ALTER USER $u SET PASSWORD $p CHANGE NOT REQUIRED", params);
        } catch (RuntimeException e) {
            // Same password as the stored one: already what we want.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void checkPortFree(String host, int port, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // like the real listeners: TIME_WAIT leftovers don't count
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            fail(3, what + " port " + host + ":" + port + " is already in use (" + e.getMessage()
                    + "); stop whatever listens there or pick another port");
        }
    }

    private static int port(String name, int dflt) {
        String v = env(name, String.valueOf(dflt));
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        fail(2, name + "=" + v + " is not a port number");
        return -1;
    }

    private static long parseBytes(String v) {
        String s = v.trim().toLowerCase();
        long mult = 1;
        if (s.endsWith("k")) {
            mult = 1L << 10;
        } else if (s.endsWith("m")) {
            mult = 1L << 20;
        } else if (s.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Long.parseLong(s) * mult;
        } catch (NumberFormatException e) {
            fail(2, "NEO4J_PAGECACHE=" + v + " is not a size like 128m");
            return -1;
        }
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static void fail(int code, String msg) {
        throw new Failure(code, msg);
    }
}
