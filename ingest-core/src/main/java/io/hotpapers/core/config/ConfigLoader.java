package io.hotpapers.core.config;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.http.WaitLimit;
import io.hotpapers.core.post.RefreshPolicy;
import io.hotpapers.core.post.ScoreWeights;
import io.hotpapers.core.text.Spelling;
import io.hotpapers.core.text.Terminal;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the validated {@link HotpapersConfig} from the environment and {@code $HOTPAPERS_HOME/hotpapers.properties}.
 *
 * <p>Every setting has one name, used both as environment variable and as properties key; the environment
 * wins. An invalid value fails here, at startup, with an {@link InvalidSettingException} naming the setting.
 *
 * <p>Each setting is declared exactly once, as a constant below whose value is its UPPER_CASE name; the set of
 * known names ({@link #settingNames()}) is derived from those constants, so a new setting is one new constant.
 */
public final class ConfigLoader {
    public static final String HOME = "HOTPAPERS_HOME";
    public static final String DB_URL = "HOTPAPERS_DB_URL";
    public static final String DB_USER = "HOTPAPERS_DB_USER";
    public static final String DB_PASSWORD = "HOTPAPERS_DB_PASSWORD";
    public static final String DB_PASSWORD_FILE = "HOTPAPERS_DB_PASSWORD_FILE";
    public static final String CATEGORIES = "HOTPAPERS_CATEGORIES";
    public static final String CONTACT = "HOTPAPERS_CONTACT";
    public static final String MAX_RESPONSE_MB = "HOTPAPERS_MAX_RESPONSE_MB";
    public static final String MAX_WAIT = "HOTPAPERS_MAX_WAIT";
    public static final String ACTIVE_DAYS = "HOTPAPERS_ACTIVE_DAYS";
    public static final String REFRESH_SCHEDULE = "HOTPAPERS_REFRESH_SCHEDULE";
    public static final String ARXIV_API_URL = "ARXIV_API_URL";
    public static final String ARXIV_RSS_URL = "ARXIV_RSS_URL";
    public static final String ARXIV_MIN_INTERVAL = "ARXIV_MIN_INTERVAL";
    public static final String ARXIV_HOLIDAYS = "ARXIV_HOLIDAYS";
    public static final String X_BEARER_TOKEN = "X_BEARER_TOKEN";
    public static final String X_BEARER_TOKEN_FILE = "X_BEARER_TOKEN_FILE";
    public static final String X_API_URL = "X_API_URL";
    public static final String X_FULL_ARCHIVE = "X_FULL_ARCHIVE";
    public static final String X_QUERY_MAX_LENGTH = "X_QUERY_MAX_LENGTH";
    public static final String X_MONTHLY_POST_CAP = "X_MONTHLY_POST_CAP";
    public static final String X_MONTHLY_BUDGET = "X_MONTHLY_BUDGET";
    public static final String X_PRICE_POST_READ = "X_PRICE_POST_READ";
    public static final String X_PRICE_USER_READ = "X_PRICE_USER_READ";
    public static final String X_MAX_PAGES_PER_QUERY = "X_MAX_PAGES_PER_QUERY";
    public static final String BLUESKY_API_URL = "BLUESKY_API_URL";
    public static final String BLUESKY_PDS_URL = "BLUESKY_PDS_URL";
    public static final String BLUESKY_JETSTREAM_URL = "BLUESKY_JETSTREAM_URL";
    public static final String BLUESKY_HANDLE = "BLUESKY_HANDLE";
    public static final String BLUESKY_APP_PASSWORD = "BLUESKY_APP_PASSWORD";
    public static final String BLUESKY_APP_PASSWORD_FILE = "BLUESKY_APP_PASSWORD_FILE";
    public static final String BLUESKY_COUNT_BOTS = "BLUESKY_COUNT_BOTS";
    public static final String HN_API_URL = "HN_API_URL";
    public static final String HN_MIN_INTERVAL = "HN_MIN_INTERVAL";
    public static final String HF_API_URL = "HF_API_URL";
    public static final String HF_TOKEN = "HF_TOKEN";
    public static final String HF_TOKEN_FILE = "HF_TOKEN_FILE";
    public static final String HF_MIN_INTERVAL = "HF_MIN_INTERVAL";
    public static final String HF_ABSENT_RECHECK = "HF_ABSENT_RECHECK";

    public static final String DIGEST_TITLE_PREFIX = "DIGEST_TITLE_PREFIX";
    public static final String DIGEST_CATEGORY = "DIGEST_CATEGORY";
    public static final String DIGEST_TAGS = "DIGEST_TAGS";
    public static final String DIGEST_SOCIAL_IMAGE = "DIGEST_SOCIAL_IMAGE";
    public static final String DIGEST_SITE_URL = "DIGEST_SITE_URL";
    public static final String SCORE_WEIGHTS = "SCORE_WEIGHTS";
    public static final String SOURCES = "HOTPAPERS_SOURCES";
    public static final String SITE_URL = "SITE_URL";
    public static final String SITE_EMBED_SCRIPTS = "SITE_EMBED_SCRIPTS";

    public static final String MAIL_TO = "HOTPAPERS_MAIL_TO";
    public static final String SMTP_HOST = "HOTPAPERS_SMTP_HOST";
    public static final String SMTP_PORT = "HOTPAPERS_SMTP_PORT";
    public static final String SMTP_USER = "HOTPAPERS_SMTP_USER";
    public static final String SMTP_PASSWORD = "HOTPAPERS_SMTP_PASSWORD";
    public static final String SMTP_PASSWORD_FILE = "HOTPAPERS_SMTP_PASSWORD_FILE";
    public static final String SMTP_STARTTLS = "HOTPAPERS_SMTP_STARTTLS";
    public static final String SMTP_TLS = "HOTPAPERS_SMTP_TLS";
    public static final String SMTP_FROM = "HOTPAPERS_SMTP_FROM";
    public static final String SLACK_WEBHOOK_URL = "HOTPAPERS_SLACK_WEBHOOK_URL";
    public static final String SLACK_WEBHOOK_URL_FILE = "HOTPAPERS_SLACK_WEBHOOK_URL_FILE";
    public static final String DISCORD_WEBHOOK_URL = "HOTPAPERS_DISCORD_WEBHOOK_URL";
    public static final String DISCORD_WEBHOOK_URL_FILE = "HOTPAPERS_DISCORD_WEBHOOK_URL_FILE";
    public static final String WEBHOOK_URL = "HOTPAPERS_WEBHOOK_URL";
    public static final String WEBHOOK_SECRET = "HOTPAPERS_WEBHOOK_SECRET";
    public static final String WEBHOOK_SECRET_FILE = "HOTPAPERS_WEBHOOK_SECRET_FILE";
    public static final String DELIVERY_TOP = "HOTPAPERS_DELIVERY_TOP";

    public static final String LISTING_TIME = "HOTPAPERS_LISTING_TIME";
    public static final String LISTING_PATIENCE = "HOTPAPERS_LISTING_PATIENCE";
    public static final String DIGEST_TIME = "HOTPAPERS_DIGEST_TIME";
    public static final String DISCOVERY_INTERVAL = "HOTPAPERS_DISCOVERY_INTERVAL";
    public static final String REFRESH_INTERVAL = "HOTPAPERS_REFRESH_INTERVAL";
    public static final String SHUTDOWN_GRACE = "HOTPAPERS_SHUTDOWN_GRACE";
    public static final String HTTP_ADDRESS = "HOTPAPERS_HTTP_ADDRESS";
    public static final String CLUSTER_CHECKIN = "HOTPAPERS_CLUSTER_CHECKIN";
    public static final String CATCHUP_DAYS = "HOTPAPERS_CATCHUP_DAYS";
    public static final String DB_DOWN_EXIT = "HOTPAPERS_DB_DOWN_EXIT";

    public static final String LOG_LEVEL = "HOTPAPERS_LOG_LEVEL";
    public static final String LOG_FILE = "HOTPAPERS_LOG_FILE";
    public static final String JAVA_OPTS = "HOTPAPERS_JAVA_OPTS";

    public static final String PROPERTIES_FILE = "hotpapers.properties";
    public static final String DEFAULT_CATEGORIES = "cs.AI,cs.CL,cs.CV,cs.LG,stat.ML";
    public static final String DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query";
    public static final String DEFAULT_ARXIV_RSS_URL = "https://rss.arxiv.org/rss/";
    public static final String DEFAULT_X_API_URL = "https://api.x.com";
    public static final String DEFAULT_BLUESKY_API_URL = "https://public.api.bsky.app";
    public static final String DEFAULT_BLUESKY_PDS_URL = "https://bsky.social";
    public static final String DEFAULT_BLUESKY_JETSTREAM_URL = "wss://jetstream2.us-east.bsky.network/subscribe";
    public static final String DEFAULT_HN_API_URL = "https://hn.algolia.com/api/v1";
    public static final String DEFAULT_HF_API_URL = "https://huggingface.co";
    /** Anonymous reads may make 500 API calls per 5 minutes: one every 0.6 s keeps under it. */
    public static final String DEFAULT_HF_MIN_INTERVAL = "PT0.6S";
    public static final String DEFAULT_HF_ABSENT_RECHECK = "P7D";

    /** arXiv's published limit: one request every three seconds across all of its endpoints. */
    static final Duration ARXIV_POLITENESS_FLOOR = Duration.ofSeconds(3);
    /** Hacker News search documents 10,000 requests per hour per IP: one every 0.36 s at most. */
    static final Duration HN_POLITENESS_FLOOR = Duration.ofMillis(360);
    private static final int DEFAULT_X_QUERY_MAX_LENGTH = 512;
    private static final int MIN_X_QUERY_MAX_LENGTH = 64;
    private static final int DEFAULT_X_MONTHLY_POST_CAP = 10_000;
    private static final String DEFAULT_X_MONTHLY_BUDGET = "5.00";
    /** X's listed prices (docs.x.com, x-api/getting-started/pricing, 2026): check the Developer Console. */
    private static final String DEFAULT_X_PRICE_POST_READ = "0.005";
    private static final String DEFAULT_X_PRICE_USER_READ = "0.010";
    private static final int DEFAULT_ACTIVE_DAYS = 7;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
    /** A signing secret shorter than this is guessable. */
    private static final int MIN_WEBHOOK_SECRET_LENGTH = 16;
    /** 50 pages of 100 (recent search) are 5,000 posts for one packed query: far beyond any real paper's. */
    private static final int DEFAULT_X_MAX_PAGES_PER_QUERY = 50;

    /**
     * Old names still read, each under its new one (a deprecation warning names both); kept out of
     * {@link #settingNames()}, so the example file and the docs show only the new names.
     */
    private static final Map<String, String> RENAMED = Map.of("X_ACTIVE_DAYS", ACTIVE_DAYS,
            "X_REFRESH_SCHEDULE", REFRESH_SCHEDULE);
    /**
     * Names of settings that no longer do anything, with why: warned about and ignored, so that an old properties
     * file or environment does not stop hotpapers.
     */
    private static final Map<String, String> RETIRED = Map.of("ARXIV_OAI_URL",
            "hotpapers has no OAI-PMH client (listings come from the RSS feeds, metadata and backfills from the query API)");

    /** Read before the properties file is (to find it, by the logger, by the launcher): environment only. */
    private static final Set<String> ENVIRONMENT_ONLY = Set.of(HOME, LOG_LEVEL, LOG_FILE, JAVA_OPTS);
    /** Variables of the test suite (see the ingest-core test-jar), which a developer's shell may carry. */
    private static final String TEST_VARIABLE_PREFIX = "HOTPAPERS_TEST_";
    private static final String ENVIRONMENT_PREFIX = "HOTPAPERS_";
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final Map<String, String> environment;
    private final Path userHome;
    private final CategoryTaxonomy taxonomy;
    private final List<String> warnings = new ArrayList<>();

    public ConfigLoader(Map<String, String> environment, Path userHome, CategoryTaxonomy taxonomy) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.taxonomy = taxonomy;
    }

    /**
     * Every setting name hotpapers knows: the values of this class's UPPER_CASE-named string constants whose
     * value is itself an UPPER_CASE name (so {@code PROPERTIES_FILE} and the {@code DEFAULT_} values are not).
     */
    public static SortedSet<String> settingNames() {
        SortedSet<String> names = new TreeSet<>();
        for (Field field : ConfigLoader.class.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (SETTING_NAME.matcher(value).matches()) {
                        names.add(value);
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read setting constant " + field.getName(), e);
                }
            }
        }
        return names;
    }

    /** Old setting names still read, each with its new name. */
    public static Map<String, String> renamedSettings() {
        return RENAMED;
    }

    /** The settings that only the environment can set, because they are read before the properties file. */
    public static Set<String> environmentOnlySettings() {
        return ENVIRONMENT_ONLY;
    }

    /** Reads, merges and validates all settings. */
    public HotpapersConfig load() {
        Path home = home();
        Map<String, String> fromFile = readPropertiesFile(home);
        checkNames(home.resolve(PROPERTIES_FILE), fromFile.keySet());
        checkLogging();
        Settings settings = new Settings(renamedAndRetired(merge(fromFile)));
        XSettings x = x(settings);
        HackerNewsSettings hackerNews = hackerNews(settings);
        return new HotpapersConfig(
                home,
                contact(settings),
                settings.integer(MAX_RESPONSE_MB, 64, 1) * 1024L * 1024L,
                settings.duration(MAX_WAIT, WaitLimit.DEFAULT_MAX.toString()),
                database(settings, home),
                taxonomy.parseList(CATEGORIES, settings.get(CATEGORIES, DEFAULT_CATEGORIES)),
                settings.integer(ACTIVE_DAYS, DEFAULT_ACTIVE_DAYS, 1),
                refreshPolicy(settings),
                arxiv(settings),
                x,
                bluesky(settings),
                hackerNews,
                huggingFace(settings),
                digest(settings),
                daemon(settings),
                delivery(settings),
                sources(settings, sourceReadiness(x)),
                site(settings));
    }

    private static SiteSettings site(Settings settings) {
        String url = settings.get(SITE_URL, null);
        if (url != null && HttpUrl.parse(url) == null) {
            throw new InvalidSettingException(SITE_URL, "not an http(s) URL: '" + url + "'");
        }
        return new SiteSettings(url, settings.bool(SITE_EMBED_SCRIPTS, false));
    }

    /**
     * Each source this build can read, by id, with why it cannot run here (empty when it can). Without
     * {@code HOTPAPERS_SOURCES}, every source that can run is enabled: those that need no credentials, and those
     * whose credentials are set. A new source adds one line.
     */
    private static Map<String, Optional<String>> sourceReadiness(XSettings x) {
        Map<String, Optional<String>> readiness = new LinkedHashMap<>();
        readiness.put("x", x.enabled() ? Optional.empty()
                : Optional.of("needs " + X_BEARER_TOKEN + " or " + X_BEARER_TOKEN_FILE));
        // the live stream and getPosts are public: search alone needs BLUESKY_HANDLE and BLUESKY_APP_PASSWORD
        readiness.put("bluesky", Optional.empty());
        readiness.put("hackernews", Optional.empty()); // no account needed
        readiness.put("huggingface", Optional.empty()); // reads need no account; HF_TOKEN only raises the limit
        return readiness;
    }

    /** The enabled sources, by id, in the configured order (see {@link #sourceReadiness}). */
    private static List<String> sources(Settings settings, Map<String, Optional<String>> readiness) {
        String value = settings.get(SOURCES, null);
        if (value == null) {
            return readiness.entrySet().stream().filter(source -> source.getValue().isEmpty())
                    .map(Map.Entry::getKey).toList();
        }
        if (value.strip().equalsIgnoreCase("none")) {
            return List.of(); // arXiv listings and digests only
        }
        List<String> sources = new ArrayList<>();
        for (String item : value.split(",")) {
            String source = item.strip().toLowerCase(Locale.ROOT);
            if (source.isEmpty()) {
                continue;
            }
            if (!readiness.containsKey(source)) {
                throw new InvalidSettingException(SOURCES, "unknown source '" + item.strip() + "' (known: "
                        + String.join(", ", readiness.keySet()) + ")");
            }
            Optional<String> missing = readiness.get(source);
            if (missing.isPresent()) {
                throw new InvalidSettingException(SOURCES, "source " + source + " " + missing.get());
            }
            if (!sources.contains(source)) {
                sources.add(source);
            }
        }
        return List.copyOf(sources);
    }

    private Path home() {
        String value = environment.get(HOME);
        Path home = value == null || value.isBlank() ? userHome.resolve(".hotpapers") : expandTilde(value.strip());
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new InvalidSettingException(HOME, home + " exists and is not a directory");
        }
        return home.toAbsolutePath().normalize();
    }

    /** What {@link #load()} warned about (also logged): problems that do not stop hotpapers. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** A typo must not be ignored silently: unknown names fail with the closest known one. */
    private void checkNames(Path file, Set<String> fileKeys) {
        SortedSet<String> known = settingNames();
        for (String key : new TreeSet<>(fileKeys)) {
            if (ENVIRONMENT_ONLY.contains(key)) {
                throw new InvalidSettingException(key, "can only be set in the environment, not in " + file
                        + " (it is read before that file)");
            }
            if (!known.contains(key) && !RENAMED.containsKey(key) && !RETIRED.containsKey(key)) {
                throw new InvalidSettingException(key, "unknown setting in " + file + suggestion(key, known));
            }
        }
        for (String variable : new TreeSet<>(environment.keySet())) {
            if (variable.startsWith(ENVIRONMENT_PREFIX) && !variable.startsWith(TEST_VARIABLE_PREFIX)
                    && !known.contains(variable) && !RENAMED.containsKey(variable)) {
                throw new InvalidSettingException(variable, "unknown environment variable"
                        + suggestion(variable, known));
            }
        }
    }

    /**
     * An old name's value moves to its new name unless that is set too (the new name wins); a retired name is
     * dropped. Each is warned about once, in one line.
     */
    private Map<String, String> renamedAndRetired(Map<String, String> merged) {
        Map<String, String> settings = new HashMap<>(merged);
        for (Map.Entry<String, String> rename : new TreeMap<>(RENAMED).entrySet()) {
            String value = settings.remove(rename.getKey());
            if (value != null) {
                boolean both = settings.containsKey(rename.getValue());
                warn(rename.getKey() + " is deprecated; use " + rename.getValue() + " instead"
                        + (both ? " (both are set: " + rename.getValue() + " is used)" : ""));
                settings.putIfAbsent(rename.getValue(), value);
            }
        }
        for (Map.Entry<String, String> retired : new TreeMap<>(RETIRED).entrySet()) {
            if (settings.remove(retired.getKey()) != null) {
                warn(retired.getKey() + " is no longer used and is ignored: " + retired.getValue() + "; remove it");
            }
        }
        return settings;
    }

    private void warn(String warning) {
        warnings.add(warning);
        LOG.warn(warning);
    }

    private static String suggestion(String name, Collection<String> known) {
        return Spelling.closest(name, known).map(match -> "; did you mean " + match + "?")
                .orElse("; see hotpapers.properties.example for every setting");
    }

    /** logback reads these itself; they are checked here so that a wrong value is not ignored silently. */
    private void checkLogging() {
        String level = environment.get(LOG_LEVEL);
        if (level != null && !level.isBlank() && !LOG_LEVELS.contains(level.strip().toUpperCase(Locale.ROOT))) {
            String closest = Spelling.closest(level.strip().toUpperCase(Locale.ROOT), LOG_LEVELS)
                    .map(match -> "did you mean " + match + "? ").orElse("");
            throw new InvalidSettingException(LOG_LEVEL, "'" + level.strip() + "' is not a log level; " + closest
                    + "use one of " + String.join(", ", LOG_LEVELS));
        }
        String file = environment.get(LOG_FILE);
        if (file != null && !file.isBlank()) {
            Path path = expandTilde(file.strip()).toAbsolutePath();
            if (Files.isDirectory(path)) {
                throw new InvalidSettingException(LOG_FILE, path + " is a directory; name a file such as "
                        + path.resolve("hotpapers.log"));
            }
            Path existing = path.getParent();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                throw new InvalidSettingException(LOG_FILE, "cannot create " + path + ": "
                        + (existing == null ? "no such directory" : existing + " is not a writable directory"));
            }
        }
    }

    private Path expandTilde(String path) {
        if (path.equals("~")) {
            return userHome;
        }
        return path.startsWith("~/") ? userHome.resolve(path.substring(2)) : Path.of(path);
    }

    private Map<String, String> readPropertiesFile(Path home) {
        Path file = home.resolve(PROPERTIES_FILE);
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableConfigFileException(file, e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key.strip(), properties.getProperty(key)));
        warnIfSecretIsShared(file, values);
        return values;
    }

    /** A token or password in a file that other users can read is a leaked secret on a shared machine. */
    private void warnIfSecretIsShared(Path file, Map<String, String> values) {
        List<String> secrets = values.entrySet().stream()
                .filter(entry -> holdsSecret(entry.getKey(), entry.getValue()))
                .map(Map.Entry::getKey).sorted().toList();
        if (secrets.isEmpty()) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return; // not a POSIX file system: nothing to compare with chmod
        }
        if (permissions.stream().anyMatch(permission -> permission != PosixFilePermission.OWNER_READ
                && permission != PosixFilePermission.OWNER_WRITE && permission != PosixFilePermission.OWNER_EXECUTE)) {
            warn(file + " holds a secret (" + String.join(", ", secrets) + ") and can be read by "
                    + "other users (mode " + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
        }
    }

    /** Keys whose value is a credential; only the key is ever named, never the value. */
    private static boolean holdsSecret(String key, String value) {
        return key.endsWith("_TOKEN") || key.endsWith("_PASSWORD") || key.endsWith("_SECRET")
                || (key.equals(DB_URL) && value.toLowerCase(Locale.ROOT).contains("password="));
    }

    private Map<String, String> merge(Map<String, String> fromFile) {
        Map<String, String> merged = new HashMap<>(fromFile);
        environment.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private DatabaseSettings database(Settings settings, Path home) {
        String url = settings.get(DB_URL, null);
        if (url == null) {
            return new DatabaseSettings.Embedded(home);
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            // The value is not echoed: a malformed URL may still carry a password.
            throw new InvalidSettingException(DB_URL, "must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://localhost:5432/hotpapers");
        }
        return new DatabaseSettings.External(url, settings.get(DB_USER, null),
                secret(settings, DB_PASSWORD, DB_PASSWORD_FILE));
    }

    private DeliverySettings delivery(Settings settings) {
        Secret slack = secret(settings, SLACK_WEBHOOK_URL, SLACK_WEBHOOK_URL_FILE);
        Secret discord = secret(settings, DISCORD_WEBHOOK_URL, DISCORD_WEBHOOK_URL_FILE);
        return new DeliverySettings(mail(settings),
                slack == null ? null : webhookUrl(slack, SLACK_WEBHOOK_URL),
                discord == null ? null : webhookUrl(discord, DISCORD_WEBHOOK_URL),
                webhook(settings),
                settings.integer(DELIVERY_TOP, 10, 1));
    }

    /** A chat webhook URL: it carries its credential in the path, so it must travel over TLS. */
    private static Secret webhookUrl(Secret value, String key) {
        HttpUrl url = HttpUrl.parse(value.reveal());
        // the value is never echoed: it is a credential
        if (url == null) {
            throw new InvalidSettingException(key, "must be an https URL");
        }
        Settings.requireTls(key, url);
        return value;
    }

    private DeliverySettings.Webhook webhook(Settings settings) {
        String url = settings.get(WEBHOOK_URL, null);
        Secret secret = secret(settings, WEBHOOK_SECRET, WEBHOOK_SECRET_FILE);
        if (url == null) {
            if (secret != null) {
                throw new InvalidSettingException(WEBHOOK_SECRET, "set " + WEBHOOK_URL + " too, or remove the secret");
            }
            return null;
        }
        if (secret == null) {
            throw new InvalidSettingException(WEBHOOK_URL, "needs " + WEBHOOK_SECRET + " or " + WEBHOOK_SECRET_FILE
                    + " (the digest is signed with it, so that the receiver can tell it came from you)");
        }
        if (secret.reveal().length() < MIN_WEBHOOK_SECRET_LENGTH) {
            throw new InvalidSettingException(WEBHOOK_SECRET, "must be at least " + MIN_WEBHOOK_SECRET_LENGTH
                    + " characters long");
        }
        return new DeliverySettings.Webhook(settings.credentialedUrl(WEBHOOK_URL, null), secret);
    }

    /**
     * E-mail is on with an SMTP server; {@code HOTPAPERS_MAIL_TO} is optional: without it the daily digest is not
     * mailed, only watchlists with recipients of their own ({@code watch add --mail-to}) are.
     */
    private DeliverySettings.Mail mail(Settings settings) {
        String to = settings.get(MAIL_TO, null);
        String host = settings.get(SMTP_HOST, null);
        if (to == null && host == null) {
            for (String key : List.of(SMTP_FROM, SMTP_USER, SMTP_PASSWORD, SMTP_PASSWORD_FILE)) {
                if (settings.get(key, null) != null) {
                    throw new InvalidSettingException(key, "is set but " + SMTP_HOST + " is not: which server "
                            + "should send the mail?");
                }
            }
            return null;
        }
        List<String> recipients = new ArrayList<>();
        if (to != null) {
            for (String item : to.split(",")) {
                recipients.add(mailAddress(MAIL_TO, item.strip()));
            }
        }
        String neededFor = to == null ? "e-mail delivery" : MAIL_TO;
        if (host == null || !HOST_NAME.matcher(host.strip()).matches()) {
            throw new InvalidSettingException(SMTP_HOST, host == null ? "needed for " + neededFor
                    : "is not a host name or address");
        }
        String from = settings.get(SMTP_FROM, null);
        if (from == null) {
            throw new InvalidSettingException(SMTP_FROM, "needed for " + neededFor + " (the sender address)");
        }
        boolean tls = settings.bool(SMTP_TLS, false);
        boolean startTls = settings.bool(SMTP_STARTTLS, !tls);
        if (tls && startTls) {
            throw new InvalidSettingException(SMTP_STARTTLS, "set either " + SMTP_TLS + " (TLS from the first byte, "
                    + "usually port 465) or " + SMTP_STARTTLS + " (usually port 587), not both");
        }
        DeliverySettings.SmtpSecurity security = tls ? DeliverySettings.SmtpSecurity.TLS
                : startTls ? DeliverySettings.SmtpSecurity.STARTTLS : DeliverySettings.SmtpSecurity.NONE;
        Secret password = secret(settings, SMTP_PASSWORD, SMTP_PASSWORD_FILE);
        String user = settings.get(SMTP_USER, null);
        if (password != null && user == null) {
            throw new InvalidSettingException(SMTP_USER, "needed with " + SMTP_PASSWORD);
        }
        host = host.strip();
        if (security == DeliverySettings.SmtpSecurity.NONE && !Settings.isLoopback(host)) {
            if (password != null) {
                throw new InvalidSettingException(SMTP_STARTTLS, "refused: with " + SMTP_STARTTLS + "=false and "
                        + SMTP_TLS + "=false the SMTP password would cross the network in the clear to " + host);
            }
            warn(SMTP_STARTTLS + "=false: digests go to " + host + " unencrypted");
        }
        int defaultPort = switch (security) {
            case TLS -> 465;
            case STARTTLS -> 587;
            case NONE -> 25;
        };
        int port = settings.integer(SMTP_PORT, defaultPort, 1);
        if (port > 65_535) {
            throw new InvalidSettingException(SMTP_PORT, "must be at most 65535, got " + port);
        }
        return new DeliverySettings.Mail(recipients, mailAddress(SMTP_FROM, from.strip()), host, port, security,
                user, password);
    }

    private static String mailAddress(String key, String address) {
        if (!MailAddresses.isPlain(address)) {
            throw new InvalidSettingException(key, "not an e-mail address: '" + Terminal.text(address, 80) + "'");
        }
        return address;
    }

    private ArxivSettings arxiv(Settings settings) {
        HttpUrl api = settings.url(ARXIV_API_URL, DEFAULT_ARXIV_API_URL);
        Duration interval = settings.duration(ARXIV_MIN_INTERVAL, "PT3S");
        HttpUrl rss = settings.url(ARXIV_RSS_URL, DEFAULT_ARXIV_RSS_URL);
        boolean realArxiv = List.of(api, rss).stream()
                .anyMatch(url -> url.host().equals("arxiv.org") || url.host().endsWith(".arxiv.org"));
        if (realArxiv && interval.compareTo(ARXIV_POLITENESS_FLOOR) < 0) {
            throw new InvalidSettingException(ARXIV_MIN_INTERVAL,
                    "arXiv allows at most one request every 3 seconds; use PT3S or more");
        }
        return new ArxivSettings(api, rss, interval, settings.dates(ARXIV_HOLIDAYS));
    }

    private static String contact(Settings settings) {
        String contact = settings.get(CONTACT, null);
        if (contact != null && (contact.chars().anyMatch(Character::isISOControl) || contact.length() > 200)) {
            throw new InvalidSettingException(CONTACT, "must be one line of at most 200 characters "
                    + "(an e-mail address or URL)");
        }
        return contact;
    }

    private static HackerNewsSettings hackerNews(Settings settings) {
        HttpUrl api = settings.url(HN_API_URL, DEFAULT_HN_API_URL);
        Duration interval = settings.duration(HN_MIN_INTERVAL, "PT1S");
        if (api.host().equals("hn.algolia.com") && interval.compareTo(HN_POLITENESS_FLOOR) < 0) {
            throw new InvalidSettingException(HN_MIN_INTERVAL, "Hacker News search allows at most 10,000 requests "
                    + "an hour; use PT0.36S or more");
        }
        return new HackerNewsSettings(api, interval);
    }

    private static DaemonSettings daemon(Settings settings) {
        return new DaemonSettings(
                settings.time(LISTING_TIME, "20:05"),
                settings.duration(LISTING_PATIENCE, "PT3H"),
                settings.time(DIGEST_TIME, "09:00"),
                settings.duration(DISCOVERY_INTERVAL, "PT1H"),
                settings.duration(REFRESH_INTERVAL, "PT15M"),
                settings.duration(SHUTDOWN_GRACE, "PT30S"),
                settings.duration(CLUSTER_CHECKIN, "PT10S"),
                httpAddress(settings.get(HTTP_ADDRESS, "127.0.0.1:9464")),
                settings.integer(CATCHUP_DAYS, DaemonSettings.DEFAULT_CATCH_UP_DAYS, 1),
                settings.duration(DB_DOWN_EXIT, DaemonSettings.DEFAULT_DATABASE_DOWN_EXIT.toString()));
    }

    private static InetSocketAddress httpAddress(String value) {
        if (value.equalsIgnoreCase("off")) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return InetSocketAddress.createUnresolved(value.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(HTTP_ADDRESS, "expected HOST:PORT (e.g. 127.0.0.1:9464) or off, got '"
                    + value + "'");
        }
    }

    private static DigestSettings digest(Settings settings) {
        DigestSettings defaults = DigestSettings.defaults();
        List<String> tags = new ArrayList<>();
        for (String tag : settings.get(DIGEST_TAGS, "").split(",")) {
            if (!tag.isBlank()) {
                tags.add(tag.strip());
            }
        }
        String site = settings.get(DIGEST_SITE_URL, null);
        if (site != null && HttpUrl.parse(site) == null) {
            throw new InvalidSettingException(DIGEST_SITE_URL, "not an http(s) URL: '" + site + "'");
        }
        for (String key : List.of(DIGEST_TITLE_PREFIX, DIGEST_CATEGORY, DIGEST_SOCIAL_IMAGE)) {
            String value = settings.get(key, "");
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidSettingException(key, "must be a single line");
            }
        }
        ScoreWeights weights;
        try {
            weights = ScoreWeights.parse(settings.get(SCORE_WEIGHTS, ScoreWeights.DEFAULT_SETTING));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(SCORE_WEIGHTS, e.getMessage());
        }
        return new DigestSettings(settings.get(DIGEST_TITLE_PREFIX, defaults.titlePrefix()),
                settings.get(DIGEST_CATEGORY, defaults.category()), tags,
                settings.get(DIGEST_SOCIAL_IMAGE, defaults.socialImage()), site, weights);
    }

    private XSettings x(Settings settings) {
        return new XSettings(
                bearerToken(settings),
                settings.credentialedUrl(X_API_URL, DEFAULT_X_API_URL),
                settings.bool(X_FULL_ARCHIVE, false),
                settings.integer(X_QUERY_MAX_LENGTH, DEFAULT_X_QUERY_MAX_LENGTH, MIN_X_QUERY_MAX_LENGTH),
                settings.integer(X_MONTHLY_POST_CAP, DEFAULT_X_MONTHLY_POST_CAP, 1),
                settings.integer(X_MAX_PAGES_PER_QUERY, DEFAULT_X_MAX_PAGES_PER_QUERY, 1),
                settings.money(X_MONTHLY_BUDGET, DEFAULT_X_MONTHLY_BUDGET),
                settings.money(X_PRICE_POST_READ, DEFAULT_X_PRICE_POST_READ),
                settings.money(X_PRICE_USER_READ, DEFAULT_X_PRICE_USER_READ));
    }

    /** Hugging Face: the URL must be https when a token goes to it. */
    private HuggingFaceSettings huggingFace(Settings settings) {
        Secret token = secret(settings, HF_TOKEN, HF_TOKEN_FILE);
        HttpUrl url = token != null ? settings.credentialedUrl(HF_API_URL, DEFAULT_HF_API_URL)
                : settings.url(HF_API_URL, DEFAULT_HF_API_URL);
        String recheck = settings.get(HF_ABSENT_RECHECK, DEFAULT_HF_ABSENT_RECHECK);
        Period period;
        try {
            period = Period.parse(recheck);
        } catch (DateTimeParseException e) {
            throw new InvalidSettingException(HF_ABSENT_RECHECK, "not an ISO-8601 period of days: '" + recheck
                    + "' (example: P7D)");
        }
        if (period.isNegative() || period.isZero()) {
            throw new InvalidSettingException(HF_ABSENT_RECHECK, "must be positive, got " + recheck);
        }
        return new HuggingFaceSettings(url, token, settings.duration(HF_MIN_INTERVAL, DEFAULT_HF_MIN_INTERVAL), period);
    }

    private BlueskySettings bluesky(Settings settings) {
        String handle = settings.get(BLUESKY_HANDLE, null);
        Secret password = secret(settings, BLUESKY_APP_PASSWORD, BLUESKY_APP_PASSWORD_FILE);
        if (handle != null && (handle.length() > 253 || !handle.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new InvalidSettingException(BLUESKY_HANDLE, "must be a handle (name.bsky.social), a DID or an "
                    + "e-mail address: one word of at most 253 printable characters");
        }
        if (handle != null && password == null) {
            throw new InvalidSettingException(BLUESKY_APP_PASSWORD, "is needed with " + BLUESKY_HANDLE
                    + " (or " + BLUESKY_APP_PASSWORD_FILE + "): an app password from Bluesky's settings");
        }
        if (handle == null && password != null) {
            throw new InvalidSettingException(BLUESKY_HANDLE, "is needed with " + BLUESKY_APP_PASSWORD + " (or "
                    + BLUESKY_APP_PASSWORD_FILE + ")");
        }
        String jetstream = settings.get(BLUESKY_JETSTREAM_URL, DEFAULT_BLUESKY_JETSTREAM_URL);
        java.net.URI jetstreamUrl;
        try {
            jetstreamUrl = new java.net.URI(jetstream);
        } catch (java.net.URISyntaxException e) {
            jetstreamUrl = null;
        }
        if (jetstreamUrl == null || jetstreamUrl.getHost() == null
                || !List.of("ws", "wss").contains(String.valueOf(jetstreamUrl.getScheme()).toLowerCase(Locale.ROOT))) {
            throw new InvalidSettingException(BLUESKY_JETSTREAM_URL, "not a ws:// or wss:// URL: '" + jetstream + "'");
        }
        return new BlueskySettings(settings.url(BLUESKY_API_URL, DEFAULT_BLUESKY_API_URL),
                settings.credentialedUrl(BLUESKY_PDS_URL, DEFAULT_BLUESKY_PDS_URL), jetstreamUrl, handle, password,
                settings.bool(BLUESKY_COUNT_BOTS, false));
    }

    /** {@code P1D=PT1H,P7D=PT6H,P30D=P1D}: until each age, refresh at that interval; after the last, stop. */
    private static RefreshPolicy refreshPolicy(Settings settings) {
        String value = settings.get(REFRESH_SCHEDULE, null);
        if (value == null) {
            return RefreshPolicy.standard();
        }
        List<RefreshPolicy.Step> steps = new ArrayList<>();
        for (String part : value.split(",")) {
            String[] ageAndInterval = part.strip().split("=");
            try {
                if (ageAndInterval.length != 2) {
                    throw new DateTimeParseException("expected AGE=INTERVAL", part, 0);
                }
                Duration age = Duration.parse(ageAndInterval[0].strip());
                Duration interval = Duration.parse(ageAndInterval[1].strip());
                if (age.isNegative() || age.isZero() || interval.isNegative() || interval.isZero()) {
                    throw new InvalidSettingException(REFRESH_SCHEDULE, "ages and intervals must be positive: " + part);
                }
                steps.add(new RefreshPolicy.Step(age, interval));
            } catch (DateTimeParseException e) {
                throw new InvalidSettingException(REFRESH_SCHEDULE, "expected AGE=INTERVAL pairs of ISO-8601 "
                        + "durations such as P1D=PT1H,P7D=PT6H,P30D=P1D; got '" + part.strip() + "'");
            }
        }
        try {
            return new RefreshPolicy(steps);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(REFRESH_SCHEDULE, "ages must increase from step to step");
        }
    }

    private Secret bearerToken(Settings settings) {
        return secret(settings, X_BEARER_TOKEN, X_BEARER_TOKEN_FILE);
    }

    /** A credential given inline or, e.g. as a Docker or Kubernetes secret, in a file; never both. */
    private Secret secret(Settings settings, String key, String fileKey) {
        String value = settings.get(key, null);
        String file = settings.get(fileKey, null);
        if (value != null && file != null) {
            throw new InvalidSettingException(fileKey, "set either " + key + " or " + fileKey + ", not both");
        }
        if (file == null) {
            return value == null ? null : new Secret(value.strip());
        }
        try {
            String fromFile = Files.readString(expandTilde(file.strip()), StandardCharsets.UTF_8).strip();
            if (fromFile.isEmpty()) {
                throw new InvalidSettingException(fileKey, file + " is empty");
            }
            return new Secret(fromFile);
        } catch (IOException e) {
            throw new InvalidSettingException(fileKey, "cannot read " + file);
        }
    }

    /** Typed access to the merged raw values; each parse failure names its setting. */
    private static final class Settings {
        private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

        private final Map<String, String> values;

        Settings(Map<String, String> values) {
            this.values = values;
        }

        String get(String key, String defaultValue) {
            String value = values.get(key);
            return value == null || value.isBlank() ? defaultValue : value.strip();
        }

        HttpUrl url(String key, String defaultValue) {
            String value = get(key, defaultValue);
            HttpUrl url = HttpUrl.parse(value);
            if (url == null) {
                throw new InvalidSettingException(key, "not an http(s) URL: '" + value + "'");
            }
            return url;
        }

        /**
         * A URL that a credential is sent to: https, unless the host is this machine (tests, a local proxy), so a
         * token never travels unencrypted over a network.
         */
        HttpUrl credentialedUrl(String key, String defaultValue) {
            return requireTls(key, url(key, defaultValue));
        }

        /** The URL when it is https or its host is this machine; else the reason, naming the host, never the path. */
        static HttpUrl requireTls(String key, HttpUrl url) {
            if (!url.isHttps() && !isLoopback(url.host())) {
                throw new InvalidSettingException(key, "must be an https URL (it carries a credential); plain http "
                        + "is allowed only for a loopback host (localhost, 127.0.0.0/8, ::1), got host " + url.host());
            }
            return url;
        }

        private static boolean isLoopback(String host) {
            return host.equals("localhost") || host.equals("::1") || LOOPBACK_IPV4.matcher(host).matches();
        }

        Duration duration(String key, String defaultValue) {
            String value = get(key, defaultValue);
            Duration duration;
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidSettingException(key, "not an ISO-8601 duration: '" + value + "' (example: PT3S)");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new InvalidSettingException(key, "must be positive, got " + value);
            }
            return duration;
        }

        LocalTime time(String key, String defaultValue) {
            String value = get(key, defaultValue);
            try {
                return LocalTime.parse(value);
            } catch (DateTimeParseException e) {
                throw new InvalidSettingException(key, "not a time of day (HH:MM): '" + value + "'");
            }
        }

        List<LocalDate> dates(String key) {
            String value = get(key, "");
            List<LocalDate> dates = new ArrayList<>();
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    try {
                        dates.add(LocalDate.parse(part.strip()));
                    } catch (DateTimeParseException e) {
                        throw new InvalidSettingException(key, "not a date (YYYY-MM-DD): '" + part.strip() + "'");
                    }
                }
            }
            return dates;
        }

        boolean bool(String key, boolean defaultValue) {
            String value = get(key, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new InvalidSettingException(key, "expected true or false, got '" + value + "'");
            };
        }

        /** A non-negative amount in the account's currency, such as {@code 5.00}. */
        BigDecimal money(String key, String defaultValue) {
            String value = get(key, defaultValue).strip();
            BigDecimal parsed;
            try {
                parsed = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(key, "not an amount like 5.00: '" + value + "'");
            }
            if (parsed.signum() < 0 || parsed.scale() > 6 || parsed.precision() - parsed.scale() > 9) {
                throw new InvalidSettingException(key, "must be between 0 and 999999999 with at most 6 decimals, got "
                        + value);
            }
            return parsed;
        }

        int integer(String key, int defaultValue, int minimum) {
            String value = get(key, Integer.toString(defaultValue));
            int parsed;
            try {
                parsed = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(key, "not a whole number: '" + value + "'");
            }
            if (parsed < minimum) {
                throw new InvalidSettingException(key, "must be at least " + minimum + ", got " + parsed);
            }
            return parsed;
        }
    }
}
