package io.hotpapers.social.bluesky.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpapers.core.testing.Fixtures;
import io.hotpapers.core.testing.MutableClock;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Account;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Commit;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Identity;
import io.hotpapers.social.bluesky.stream.JetstreamEvent.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Jetstream envelope on recorded events (commit create/delete, identity, account) and on hostile ones. */
class JetstreamEventParserTest {
    private final MutableClock clock = MutableClock.at("2026-07-04T15:00:00Z");
    private final JetstreamEventParser parser = new JetstreamEventParser(clock);

    private static List<String> lines(String fixture) {
        return Fixtures.text(fixture).lines().filter(line -> !line.isBlank()).toList();
    }

    @Test
    void readsTheRecordedPostCreateDeleteIdentityAndAccountEvents() {
        List<String> events = lines("jetstream-v1-post-create-delete-identity-account-jetstream.jsonl");

        Commit create = (Commit) parser.parse(events.get(0));
        assertThat(create.did()).isEqualTo("did:plc:dclwtltrt2ggsryagfzk7dp4");
        assertThat(create.timeUs()).isEqualTo(1783175888090631L);
        assertThat(create.operation()).isEqualTo(Operation.CREATE);
        assertThat(create.collection()).isEqualTo("app.bsky.feed.post");
        assertThat(create.rkey()).isEqualTo("3mptbyoeyc22k");
        assertThat(create.rev()).isEqualTo("3mptbypcq372f");
        assertThat(create.cid()).isEqualTo("bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu");
        assertThat(create.uri()).isEqualTo("at://did:plc:dclwtltrt2ggsryagfzk7dp4/app.bsky.feed.post/3mptbyoeyc22k");
        // the record is handed on raw: the truncated visible text, the link only in the facet and the embed
        assertThat(create.record().path("text").asText()).isEqualTo("www.youtube.com/watch?v=V5lD...");
        assertThat(create.record().path("embed").path("external").path("uri").asText())
                .isEqualTo("https://www.youtube.com/watch?v=V5lDo-jw8mA");

        Commit second = (Commit) parser.parse(events.get(1));
        assertThat(second.record().path("createdAt").asText()).isEqualTo("2026-07-04T14:38:02+00:00");

        Commit delete = (Commit) parser.parse(events.get(2));
        assertThat(delete.operation()).isEqualTo(Operation.DELETE);
        assertThat(delete.rkey()).isEqualTo("3mpt73z3ejc2p");
        assertThat(delete.record()).isNull();
        assertThat(delete.cid()).isNull();

        Identity identity = (Identity) parser.parse(events.get(3));
        assertThat(identity.did()).isEqualTo("did:plc:hqvhxrowqbemo5e4wjnj6zao");
        assertThat(identity.handle()).isNull(); // absent in the 2026 recording

        Account account = (Account) parser.parse(events.get(4));
        assertThat(account.active()).isTrue();
        assertThat(account.status()).isNull();
        assertThat(account.timeUs()).isEqualTo(1783175888390226L);
    }

    @Test
    void readsTheDocumentedExamplesOfOtherCollections() {
        List<String> events = lines("jetstream-v1-readme-examples-documented.jsonl");

        Commit like = (Commit) parser.parse(events.get(0));
        assertThat(like.collection()).isEqualTo("app.bsky.feed.like");
        assertThat(like.operation()).isEqualTo(Operation.CREATE);
        Commit unfollow = (Commit) parser.parse(events.get(1));
        assertThat(unfollow.collection()).isEqualTo("app.bsky.graph.follow");
        assertThat(unfollow.operation()).isEqualTo(Operation.DELETE);
        assertThat(((Identity) parser.parse(events.get(2))).handle()).isEqualTo("yohenrique.bsky.social");
        assertThat(((Account) parser.parse(events.get(3))).active()).isTrue();
    }

    private static final String GOOD = "{\"did\":\"did:plc:dclwtltrt2ggsryagfzk7dp4\",\"time_us\":1783175888090631,"
            + "\"kind\":\"commit\",\"commit\":{\"rev\":\"3mptbypcq372f\",\"operation\":\"create\","
            + "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"3mptbyoeyc22k\",\"record\":{\"text\":\"hi\"},"
            + "\"cid\":\"bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu\"}}";

    @Test
    void theTemplateOfTheHostileCasesIsRead() {
        assertThat(parser.parse(GOOD)).isInstanceOf(Commit.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            time_us as text          | "time_us":1783175888090631                    | "time_us":"1783175888090631"          | time_us is not a 64-bit integer
            time_us as a fraction    | "time_us":1783175888090631                    | "time_us":1783175888090631.5          | time_us is not a 64-bit integer
            time_us beyond 2^63      | "time_us":1783175888090631                    | "time_us":99999999999999999999        | time_us is not a 64-bit integer
            negative time_us         | "time_us":1783175888090631                    | "time_us":-5                          | time_us -5 is not a time in microseconds
            a v2 sequence number     | "time_us":1783175888090631                    | "time_us":31527015470                 | is not a time in microseconds
            time_us in the future    | "time_us":1783175888090631                    | "time_us":1783180000000000            | is in the future
            malformed did            | "did":"did:plc:dclwtltrt2ggsryagfzk7dp4"      | "did":"did:plc:<script>"              | did 'did:plc:<script>' is malformed
            no did                   | "did":"did:plc:dclwtltrt2ggsryagfzk7dp4",     | ''                                    | no did
            unknown kind             | "kind":"commit"                               | "kind":"#sync"                        | unknown kind '#sync'
            kind not text            | "kind":"commit"                               | "kind":7                              | no kind
            unknown operation        | "operation":"create"                          | "operation":"upsert"                  | unknown operation 'upsert'
            dot-dot rkey             | "rkey":"3mptbyoeyc22k"                        | "rkey":".."                           | is not a record key
            rkey with a slash        | "rkey":"3mptbyoeyc22k"                        | "rkey":"a/b"                          | rkey 'a/b' is malformed
            collection not an NSID   | "collection":"app.bsky.feed.post"             | "collection":"post"                   | collection 'post' is malformed
            record not an object     | "record":{"text":"hi"}                        | "record":"hi"                         | create without a record object
            create without cid       | ,"cid":"bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu" | ''  | no cid
            malformed cid            | "cid":"bafyreiapzyf65cmq55jklpnrihiygze2jmmdqvvkwqeiomd72pbp2iazuu" | "cid":"b a"  | cid 'b a' is malformed
            commit not an object     | "commit":{                                    | "commit":[],"x":{                     | commit event without a commit object
            """)
    void skipsHostileEnvelopesWithTheReason(String name, String field, String hostile, String reason) {
        String event = GOOD.replace(field, hostile);
        assertThat(event).isNotEqualTo(GOOD);

        assertThatThrownBy(() -> parser.parse(event))
                .isInstanceOf(JetstreamEventException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void boundsSizeAndNesting() {
        JetstreamEventParser small = new JetstreamEventParser(clock, 2048);
        String large = GOOD.replace("\"text\":\"hi\"", "\"text\":\"" + "a".repeat(3000) + "\"");
        assertThatThrownBy(() -> small.parse(large)).hasMessageContaining("larger than 2048 characters");

        String deep = GOOD.replace("\"text\":\"hi\"", "\"a\":" + "[".repeat(100) + "]".repeat(100));
        assertThatThrownBy(() -> parser.parse(deep)).isInstanceOf(JetstreamEventException.class)
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> parser.parse("{\"did\":")).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> parser.parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.parse("null")).hasMessageContaining("not a JSON object");
    }

    @Test
    void identityAndAccountMustBeAboutTheEventsDid() {
        String identity = "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"time_us\":1783175888384849,"
                + "\"kind\":\"identity\",\"identity\":{\"did\":\"did:plc:bbbbbbbbbbbbbbbbbbbbbbbb\",\"seq\":1}}";
        assertThatThrownBy(() -> parser.parse(identity)).hasMessageContaining("carries did");
        String account = "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"time_us\":1783175888384849,"
                + "\"kind\":\"account\",\"account\":{\"active\":\"yes\"}}";
        assertThatThrownBy(() -> parser.parse(account)).hasMessageContaining("without a boolean active");
        String handle = "{\"did\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\",\"time_us\":1783175888384849,"
                + "\"kind\":\"identity\",\"identity\":{\"handle\":\"a\\nb.example\"}}";
        assertThatThrownBy(() -> parser.parse(handle)).hasMessageContaining("handle 'a b.example' is malformed");
    }

    @Test
    void aHostileValueIsQuotedOnOneLineAndShortened() {
        String event = GOOD.replace("\"kind\":\"commit\"", "\"kind\":\"" + "\\u202e\\n".repeat(3) + "x".repeat(200) + "\"");
        assertThatThrownBy(() -> parser.parse(event))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u202e").hasSizeLessThan(80));
    }
}
