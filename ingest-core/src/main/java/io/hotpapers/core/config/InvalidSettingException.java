package io.hotpapers.core.config;

/** A setting (environment variable, properties key or command-line option) has a value hotpapers cannot use. */
public final class InvalidSettingException extends ConfigException {
    private static final long serialVersionUID = 1L;

    private final String setting;

    public InvalidSettingException(String setting, String reason) {
        super(setting + ": " + reason);
        this.setting = setting;
    }

    /** The name of the offending setting, as the user spells it. */
    public String setting() {
        return setting;
    }
}
