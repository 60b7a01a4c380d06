package io.hotpapers.core.config;

import io.hotpapers.core.category.CategoryTaxonomy;
import io.hotpapers.core.http.WaitLimit;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import io.hotpapers.core.tweet.RefreshPolicy;
import okhttp3.HttpUrl;

/**
 * Builds the validated {@link HotpapersConfig} from the environment and {@code $HOTPAPERS_HOME/hotpapers.properties}.
 *
 * <p>Every setting has one name, used both as environment variable and as properties key; the environment
 * wins. An invalid value fails here, at startup, with an {@link InvalidSettingException} naming the setting.
 */
public final class ConfigLoader {
    public static final String HOME = "HOTPAPERS_HOME";
    public static final String DB_URL = "HOTPAPERS_DB_URL";
    public static final String DB_USER = "HOTPAPERS_DB_USER";
    public static final String DB_PASSWORD = "HOTPAPERS_DB_PASSWORD";
    public static final String CATEGORIES = "HOTPAPERS_CATEGORIES";
    public static final String CONTACT = "HOTPAPERS_CONTACT";
    public static final String MAX_RESPONSE_MB = "HOTPAPERS_MAX_RESPONSE_MB";
    public static final String MAX_WAIT = "HOTPAPERS_MAX_WAIT";
    public static final String ARXIV_API_URL = "ARXIV_API_URL";
    public static final String ARXIV_RSS_URL = "ARXIV_RSS_URL";
    public static final String ARXIV_OAI_URL = "ARXIV_OAI_URL";
    public static final String ARXIV_MIN_INTERVAL = "ARXIV_MIN_INTERVAL";
    public static final String ARXIV_HOLIDAYS = "ARXIV_HOLIDAYS";
    public static final String X_BEARER_TOKEN = "X_BEARER_TOKEN";
    public static final String X_BEARER_TOKEN_FILE = "X_BEARER_TOKEN_FILE";
    public static final String X_API_URL = "X_API_URL";
    public static final String X_FULL_ARCHIVE = "X_FULL_ARCHIVE";
    public static final String X_QUERY_MAX_LENGTH = "X_QUERY_MAX_LENGTH";
    public static final String X_MONTHLY_POST_CAP = "X_MONTHLY_POST_CAP";
    public static final String X_ACTIVE_DAYS = "X_ACTIVE_DAYS";
    public static final String X_REFRESH_SCHEDULE = "X_REFRESH_SCHEDULE";
    public static final String X_MAX_PAGES_PER_QUERY = "X_MAX_PAGES_PER_QUERY";

    public static final String DIGEST_TITLE_PREFIX = "DIGEST_TITLE_PREFIX";
    public static final String DIGEST_CATEGORY = "DIGEST_CATEGORY";
    public static final String DIGEST_TAGS = "DIGEST_TAGS";
    public static final String DIGEST_SOCIAL_IMAGE = "DIGEST_SOCIAL_IMAGE";
    public static final String DIGEST_SITE_URL = "DIGEST_SITE_URL";

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

    public static final String PROPERTIES_FILE = "hotpapers.properties";
    public static final String DEFAULT_CATEGORIES = "cs.AI,cs.CL,cs.CV,cs.LG,stat.ML";
    public static final String DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query";
    public static final String DEFAULT_ARXIV_RSS_URL = "https://rss.arxiv.org/rss/";
    public static final String DEFAULT_ARXIV_OAI_URL = "https://oaipmh.arxiv.org/oai";
    public static final String DEFAULT_X_API_URL = "https://api.x.com";

    /** arXiv's published limit: one request every three seconds across all of its endpoints. */
    static final Duration ARXIV_POLITENESS_FLOOR = Duration.ofSeconds(3);
    private static final int DEFAULT_X_QUERY_MAX_LENGTH = 512;
    private static final int MIN_X_QUERY_MAX_LENGTH = 64;
    private static final int DEFAULT_X_MONTHLY_POST_CAP = 10_000;
    private static final int DEFAULT_X_ACTIVE_DAYS = 7;
    /** 50 pages of 100 (recent search) are 5,000 posts for one packed query: far beyond any real paper's. */
    private static final int DEFAULT_X_MAX_PAGES_PER_QUERY = 50;

    private final Map<String, String> environment;
    private final Path userHome;
    private final CategoryTaxonomy taxonomy;

    public ConfigLoader(Map<String, String> environment, Path userHome, CategoryTaxonomy taxonomy) {
        this.environment = Map.copyOf(environment);
        this.userHome = userHome;
        this.taxonomy = taxonomy;
    }

    /** Reads, merges and validates all settings. */
    public HotpapersConfig load() {
        Path home = home();
        Settings settings = new Settings(merge(readPropertiesFile(home)));
        return new HotpapersConfig(
                home,
                contact(settings),
                settings.integer(MAX_RESPONSE_MB, 64, 1) * 1024L * 1024L,
                settings.duration(MAX_WAIT, WaitLimit.DEFAULT_MAX.toString()),
                database(settings, home),
                taxonomy.parseList(CATEGORIES, settings.get(CATEGORIES, DEFAULT_CATEGORIES)),
                arxiv(settings),
                x(settings),
                digest(settings),
                daemon(settings));
    }

    private Path home() {
        String value = environment.get(HOME);
        Path home = value == null || value.isBlank() ? userHome.resolve(".hotpapers") : expandTilde(value.strip());
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new InvalidSettingException(HOME, home + " exists and is not a directory");
        }
        return home.toAbsolutePath().normalize();
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
        return values;
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
        String password = settings.get(DB_PASSWORD, null);
        return new DatabaseSettings.External(url, settings.get(DB_USER, null),
                password == null ? null : new Secret(password));
    }

    private ArxivSettings arxiv(Settings settings) {
        HttpUrl api = settings.url(ARXIV_API_URL, DEFAULT_ARXIV_API_URL);
        Duration interval = settings.duration(ARXIV_MIN_INTERVAL, "PT3S");
        boolean realArxiv = List.of(api, settings.url(ARXIV_RSS_URL, DEFAULT_ARXIV_RSS_URL),
                        settings.url(ARXIV_OAI_URL, DEFAULT_ARXIV_OAI_URL)).stream()
                .anyMatch(url -> url.host().equals("arxiv.org") || url.host().endsWith(".arxiv.org"));
        if (realArxiv && interval.compareTo(ARXIV_POLITENESS_FLOOR) < 0) {
            throw new InvalidSettingException(ARXIV_MIN_INTERVAL,
                    "arXiv allows at most one request every 3 seconds; use PT3S or more");
        }
        return new ArxivSettings(api, settings.url(ARXIV_RSS_URL, DEFAULT_ARXIV_RSS_URL),
                settings.url(ARXIV_OAI_URL, DEFAULT_ARXIV_OAI_URL), interval, settings.dates(ARXIV_HOLIDAYS));
    }

    private static String contact(Settings settings) {
        String contact = settings.get(CONTACT, null);
        if (contact != null && (contact.chars().anyMatch(Character::isISOControl) || contact.length() > 200)) {
            throw new InvalidSettingException(CONTACT, "must be one line of at most 200 characters "
                    + "(an e-mail address or URL)");
        }
        return contact;
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
        return new DigestSettings(settings.get(DIGEST_TITLE_PREFIX, defaults.titlePrefix()),
                settings.get(DIGEST_CATEGORY, defaults.category()), tags,
                settings.get(DIGEST_SOCIAL_IMAGE, defaults.socialImage()), site);
    }

    private XSettings x(Settings settings) {
        return new XSettings(
                bearerToken(settings),
                settings.url(X_API_URL, DEFAULT_X_API_URL),
                settings.bool(X_FULL_ARCHIVE, false),
                settings.integer(X_QUERY_MAX_LENGTH, DEFAULT_X_QUERY_MAX_LENGTH, MIN_X_QUERY_MAX_LENGTH),
                settings.integer(X_MONTHLY_POST_CAP, DEFAULT_X_MONTHLY_POST_CAP, 1),
                settings.integer(X_ACTIVE_DAYS, DEFAULT_X_ACTIVE_DAYS, 1),
                refreshPolicy(settings),
                settings.integer(X_MAX_PAGES_PER_QUERY, DEFAULT_X_MAX_PAGES_PER_QUERY, 1));
    }

    /** {@code P1D=PT1H,P7D=PT6H,P30D=P1D}: until each age, refresh at that interval; after the last, stop. */
    private static RefreshPolicy refreshPolicy(Settings settings) {
        String value = settings.get(X_REFRESH_SCHEDULE, null);
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
                    throw new InvalidSettingException(X_REFRESH_SCHEDULE, "ages and intervals must be positive: " + part);
                }
                steps.add(new RefreshPolicy.Step(age, interval));
            } catch (DateTimeParseException e) {
                throw new InvalidSettingException(X_REFRESH_SCHEDULE, "expected AGE=INTERVAL pairs of ISO-8601 "
                        + "durations such as P1D=PT1H,P7D=PT6H,P30D=P1D; got '" + part.strip() + "'");
            }
        }
        try {
            return new RefreshPolicy(steps);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(X_REFRESH_SCHEDULE, "ages must increase from step to step");
        }
    }

    private Secret bearerToken(Settings settings) {
        String token = settings.get(X_BEARER_TOKEN, null);
        String file = settings.get(X_BEARER_TOKEN_FILE, null);
        if (token != null && file != null) {
            throw new InvalidSettingException(X_BEARER_TOKEN_FILE, "set either " + X_BEARER_TOKEN + " or "
                    + X_BEARER_TOKEN_FILE + ", not both");
        }
        if (file == null) {
            return token == null ? null : new Secret(token.strip());
        }
        try {
            String fromFile = Files.readString(expandTilde(file.strip()), StandardCharsets.UTF_8).strip();
            if (fromFile.isEmpty()) {
                throw new InvalidSettingException(X_BEARER_TOKEN_FILE, file + " is empty");
            }
            return new Secret(fromFile);
        } catch (IOException e) {
            throw new InvalidSettingException(X_BEARER_TOKEN_FILE, "cannot read " + file);
        }
    }

    /** Typed access to the merged raw values; each parse failure names its setting. */
    private static final class Settings {
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
