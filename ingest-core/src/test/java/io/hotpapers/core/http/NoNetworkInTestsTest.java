package io.hotpapers.core.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * The build's guard against tests reaching real APIs (the surefire proxy settings in the parent pom): a client left
 * at a real API's default address fails at once instead of sending the request.
 */
class NoNetworkInTestsTest {

    @Test
    void aRequestToARealApiNeverLeavesTheMachine() {
        OkHttpClient client = new OkHttpClient();
        Request request = new Request.Builder().url("https://export.arxiv.org/api/query?id_list=2401.00001").build();

        assertThatThrownBy(() -> client.newCall(request).execute().close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:9");
    }
}
