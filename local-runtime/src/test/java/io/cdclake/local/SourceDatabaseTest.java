package io.cdclake.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceDatabaseTest {

    @Test
    void anExternalUrlGivesHostPortAndDatabase() {
        SourceDatabase db = SourceDatabase.external("jdbc:postgresql://db.example.com:6432/devdb", "cdc", "pw");
        assertThat(db.host()).isEqualTo("db.example.com");
        assertThat(db.port()).isEqualTo(6432);
        assertThat(db.database()).isEqualTo("devdb");
        assertThat(db.user()).isEqualTo("cdc");
        assertThat(db.external()).isTrue();
        assertThat(db.jdbcUrl("other")).isEqualTo("jdbc:postgresql://db.example.com:6432/other");
    }

    @Test
    void withoutPortAndDatabaseTheDefaultsApply() {
        SourceDatabase db = SourceDatabase.external("jdbc:postgresql://localhost/", null, null);
        assertThat(db.port()).isEqualTo(5432);
        assertThat(db.database()).isNull();
        assertThat(db.user()).isEqualTo("postgres");
        assertThat(db.password()).isEmpty();
    }

    @Test
    void theUrlsUserAndPasswordCountUnlessGivenExplicitly() {
        String url = "jdbc:postgresql://localhost:5432/devdb?user=replicator&password=from-url";
        assertThat(SourceDatabase.external(url, null, null).user()).isEqualTo("replicator");
        assertThat(SourceDatabase.external(url, null, null).password()).isEqualTo("from-url");
        assertThat(SourceDatabase.external(url, "cdc", "given").user()).isEqualTo("cdc");
        assertThat(SourceDatabase.external(url, "cdc", "given").password()).isEqualTo("given");
    }

    @Test
    void thePasswordNeverShows() {
        SourceDatabase db = SourceDatabase.external("jdbc:postgresql://localhost:5432/devdb", "cdc", "s3cret-pw");
        assertThat(db.toString()).isEqualTo("external PostgreSQL cdc@localhost:5432/devdb").doesNotContain("s3cret");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> SourceDatabase.external("jdbc:mysql://localhost:3306/devdb", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JDBC URL 'jdbc:mysql://localhost:3306/devdb' is not a PostgreSQL URL;"
                        + " use jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void aRefusedUrlDoesNotEchoItsQuery() {
        assertThatThrownBy(() -> SourceDatabase.external("jdbc:oracle:thin:@h:1521/x?password=hunter2", null, null))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void severalHostsAreRefused() {
        assertThatThrownBy(() -> SourceDatabase.external("jdbc:postgresql://a:5432,b:5432/devdb", null, null))
                .hasMessageContaining("names several hosts");
    }
}
