package io.hotpapers.core.category;

import io.hotpapers.core.config.InvalidSettingException;
import io.hotpapers.core.text.Spelling;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** arXiv's category taxonomy (categories and whole archives), shipped as a resource. */
public final class CategoryTaxonomy {
    private static final String RESOURCE = "arxiv-taxonomy.tsv";
    private static final int MAX_SUGGESTIONS = 3;
    /** The shape of every arXiv code: an archive ({@code cs}, {@code q-bio}), optionally {@code .} and a subject. */
    private static final Pattern CODE =
            Pattern.compile("[a-z]{1,10}(?:-[a-z]{1,10})?(?:\\.[A-Za-z]{2,10}(?:-[a-z]{1,10})?)?");

    private final Map<String, String> namesByCode;

    private CategoryTaxonomy(Map<String, String> namesByCode) {
        this.namesByCode = Collections.unmodifiableMap(new LinkedHashMap<>(namesByCode));
    }

    /** Loads the taxonomy that ships with hotpapers. */
    public static CategoryTaxonomy load() {
        try (InputStream in = CategoryTaxonomy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CategoryTaxonomy parse(InputStream in) throws IOException {
        Map<String, String> names = new LinkedHashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", 2);
            names.put(fields[0].strip(), fields.length > 1 ? fields[1].strip() : fields[0].strip());
        }
        return new CategoryTaxonomy(names);
    }

    /** Every known code, categories and archives, in the taxonomy's order. */
    public Set<String> codes() {
        return namesByCode.keySet();
    }

    /**
     * Whether the text has the shape of an arXiv category code; only such a code may go into a URL or a heading,
     * whether or not the taxonomy knows it.
     */
    public static boolean isWellFormed(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    public boolean contains(String code) {
        return namesByCode.containsKey(code);
    }

    /** The descriptive name ("Machine Learning" for cs.LG), when the code is known. */
    public Optional<String> name(String code) {
        return Optional.ofNullable(namesByCode.get(code));
    }

    /** The archive a category belongs to ({@code cs} for {@code cs.LG}, {@code hep-th} for itself). */
    public static String archiveOf(String code) {
        int dot = code.indexOf('.');
        return dot < 0 ? code : code.substring(0, dot);
    }

    /**
     * Parses a comma-separated category list, as given to the named setting, rejecting unknown codes.
     *
     * @throws InvalidSettingException naming the setting, the unknown code and the closest valid codes
     */
    public List<String> parseList(String setting, String commaSeparated) {
        Set<String> codes = new LinkedHashSet<>();
        for (String part : commaSeparated.split(",")) {
            String code = part.strip();
            if (code.isEmpty()) {
                continue;
            }
            if (!contains(code)) {
                throw new InvalidSettingException(setting, unknownCategoryMessage(code));
            }
            codes.add(code);
        }
        if (codes.isEmpty()) {
            throw new InvalidSettingException(setting, "no category given (example: cs.LG,stat.ML)");
        }
        return List.copyOf(codes);
    }

    private String unknownCategoryMessage(String code) {
        List<String> suggestions = suggestions(code);
        String message = "unknown arXiv category '" + code + "'";
        return suggestions.isEmpty()
                ? message + " (see https://arxiv.org/category_taxonomy)"
                : message + "; did you mean " + String.join(", ", suggestions) + "?";
    }

    /** The known codes closest to a misspelt one (all those tied at the smallest distance, at most three). */
    public List<String> suggestions(String code) {
        String wanted = code.toLowerCase(Locale.ROOT);
        int best = Math.max(2, wanted.length() / 3) + 1;
        List<String> closest = new ArrayList<>();
        for (String known : namesByCode.keySet()) {
            int distance = Spelling.distance(wanted, known.toLowerCase(Locale.ROOT));
            if (distance < best) {
                best = distance;
                closest.clear();
            }
            if (distance == best) {
                closest.add(known);
            }
        }
        closest.sort(Comparator.naturalOrder());
        return closest.subList(0, Math.min(MAX_SUGGESTIONS, closest.size()));
    }
}
