package io.hotpapers.scheduler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster schedule stored by an older node, under a setting's old name, is still compared. */
class ScheduleSettingsTest {
    @Test
    void aValueStoredUnderTheOldNameOfTheActiveDaysIsComparedWithTheNewName() {
        ScheduleSettings stored = new ScheduleSettings(Map.of("X_ACTIVE_DAYS", "3", "HOTPAPERS_CATEGORIES", "cs.LG"));
        ScheduleSettings node = new ScheduleSettings(Map.of("HOTPAPERS_ACTIVE_DAYS", "7", "HOTPAPERS_CATEGORIES",
                "cs.LG"));

        assertThat(stored.values()).containsOnlyKeys("HOTPAPERS_ACTIVE_DAYS", "HOTPAPERS_CATEGORIES");
        assertThat(stored.differencesFrom(node)).extracting(Object::toString)
                .containsExactly("HOTPAPERS_ACTIVE_DAYS: cluster has 3, this node 7");
    }

    @Test
    void theNewNameWinsWhenBothWereStored() {
        ScheduleSettings stored = new ScheduleSettings(Map.of("X_ACTIVE_DAYS", "3", "HOTPAPERS_ACTIVE_DAYS", "7"));

        assertThat(stored.values()).isEqualTo(Map.of("HOTPAPERS_ACTIVE_DAYS", "7"));
    }
}
