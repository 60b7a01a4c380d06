package io.hotpapers.scheduler.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Counts requests per API and HTTP status (or {@code io_error}), for {@code /metrics}. */
public final class RequestMetrics implements Interceptor {
    private final MeterRegistry registry;
    private final String api;

    public RequestMetrics(MeterRegistry registry, String api) {
        this.registry = registry;
        this.api = api;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        try {
            Response response = chain.proceed(chain.request());
            count(Integer.toString(response.code()));
            return response;
        } catch (IOException e) {
            count("io_error");
            throw e;
        }
    }

    private void count(String status) {
        Counter.builder("hotpapers.api.requests")
                .description("Requests sent to external APIs, by API and status")
                .tag("api", api)
                .tag("status", status)
                .register(registry)
                .increment();
    }
}
