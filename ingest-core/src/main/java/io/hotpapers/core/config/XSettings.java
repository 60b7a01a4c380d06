package io.hotpapers.core.config;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The X API v2 endpoint and account capabilities.
 *
 * @param bearerToken the app's bearer token, or {@code null} when X is not configured (social sources off)
 * @param monthlyPostCap an extra ceiling: the most posts X may bill in a calendar month (UTC), a post billed on
 *     two days counting twice
 * @param maxPagesPerQuery the most pages one search query is followed through with {@code next_token}
 * @param monthlyBudget the most money hotpapers may spend on X in a calendar month (UTC)
 * @param postReadPrice what X bills for one post returned (once per post and UTC day)
 * @param userReadPrice what X bills for one user object returned
 */
public record XSettings(Secret bearerToken, HttpUrl apiUrl, boolean fullArchive, int queryMaxLength,
                        long monthlyPostCap, int maxPagesPerQuery,
                        BigDecimal monthlyBudget, BigDecimal postReadPrice, BigDecimal userReadPrice) {
    public XSettings {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(monthlyBudget, "monthlyBudget");
        Objects.requireNonNull(postReadPrice, "postReadPrice");
        Objects.requireNonNull(userReadPrice, "userReadPrice");
    }

    /** With X's listed prices and the default budget (5.00 a month). */
    public XSettings(Secret bearerToken, HttpUrl apiUrl, boolean fullArchive, int queryMaxLength,
                     long monthlyPostCap, int maxPagesPerQuery) {
        this(bearerToken, apiUrl, fullArchive, queryMaxLength, monthlyPostCap, maxPagesPerQuery,
                new BigDecimal("5.00"), new BigDecimal("0.005"), new BigDecimal("0.010"));
    }

    /**
     * Whether the post cap binds before the money budget does at the post price: then raising the budget alone
     * buys nothing, which an operator should be told.
     */
    public boolean postCapBindsFirst() {
        return postReadPrice.signum() > 0
                && BigDecimal.valueOf(monthlyPostCap).multiply(postReadPrice).compareTo(monthlyBudget) < 0;
    }

    /** The bearer token, when one is configured. */
    public Optional<Secret> token() {
        return Optional.ofNullable(bearerToken);
    }

    /** Whether tweets can be searched at all. */
    public boolean enabled() {
        return bearerToken != null;
    }
}
