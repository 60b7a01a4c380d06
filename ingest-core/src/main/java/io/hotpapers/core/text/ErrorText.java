package io.hotpapers.core.text;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes an error message fit to store and show: one line, bounded, with configured secrets and anything shaped like
 * a credential (a password or token parameter, an Authorization value, user-info in a URL) blanked out.
 */
public final class ErrorText {
    /** Long enough for a reason, short enough for a status line and a health check. */
    public static final int MAX_LENGTH = 300;

    private static final Pattern CREDENTIAL_PARAMETER = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|token|access_token|bearer_token|secret|api[_-]?key)(\\s*[=:]\\s*)[^\\s&,;\"']+");
    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=%*-]{8,}");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern LINE_BREAKS_AND_CONTROLS = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]+");

    private final List<String> secrets;
    private final int maxLength;

    /** @param secrets values that must never show (the X token, the database password), matched literally */
    public ErrorText(List<String> secrets) {
        this(secrets, MAX_LENGTH);
    }

    private ErrorText(List<String> secrets, int maxLength) {
        this.secrets = secrets.stream().filter(secret -> secret != null && !secret.isBlank()).toList();
        this.maxLength = maxLength;
    }

    /** Without configured secrets: only what is shaped like a credential is blanked. */
    public static ErrorText withoutSecrets() {
        return new ErrorText(List.of());
    }

    /** The same blanking with another bound (an audit row keeps more of a long reason than a status line). */
    public ErrorText withMaxLength(int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, was " + maxLength);
        }
        return new ErrorText(secrets, maxLength);
    }

    /** The message, sanitized; a throwable without a message is named by its type. */
    public String of(Throwable error) {
        String message = error.getMessage();
        return sanitize(message == null || message.isBlank() ? error.getClass().getSimpleName() : message);
    }

    public String sanitize(String message) {
        String text = message;
        for (String secret : secrets) {
            text = text.replace(secret, "****");
        }
        text = CREDENTIAL_PARAMETER.matcher(text).replaceAll("$1$2****");
        text = AUTHORIZATION.matcher(text).replaceAll("$1 ****");
        text = URL_USER_INFO.matcher(text).replaceAll("$1****@");
        text = LINE_BREAKS_AND_CONTROLS.matcher(text).replaceAll(" ").strip();
        return text.length() <= maxLength ? text : text.substring(0, maxLength - 1) + "…";
    }
}
