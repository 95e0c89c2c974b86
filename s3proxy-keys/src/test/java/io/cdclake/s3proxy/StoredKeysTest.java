package io.cdclake.s3proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class StoredKeysTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cdc-events/customer_id=RATTC/order_id=11077/t(0_000000000828).json|cdc-events/customer_id=RATTC/order_id=11077/t(0_000000000828).json",
            "/by-size(0_000000000002).json|%/by-size(0_000000000002).json",
            "raw/events//t(1_000000000001).json|raw/events/%/t(1_000000000001).json",
            "a///b|a/%/%/b",
            "100%/x%25|100%25/x%2525",
            "dir/|dir/",
            "/|%/"})
    void storesAKeyAsAFileSystemKeepsIt(String key, String stored) {
        assertThat(StoredKeys.encode(key)).isEqualTo(stored);
        assertThat(StoredKeys.decode(stored)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%/%", "a/%/b", "%25", "a//%//b", "//", "x/%2/y"})
    void decodesWhatItEncodes(String key) {
        assertThat(StoredKeys.decode(StoredKeys.encode(key))).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "raw/events/|raw/events//t.json",
            "raw/events//|raw/events//t.json",
            "raw/events//t|raw/events//t.json",
            "/|/by-size.json",
            "/by|/by-size.json",
            "a%|a%b/c",
            "a/|a/%b"})
    void aPrefixOfAKeyStaysAPrefixOfItsStoredName(String prefix, String key) {
        assertThat(StoredKeys.encode(key)).startsWith(StoredKeys.encodePrefix(prefix));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "raw/events/t|raw/events//t.json",
            "a//|a/%b",
            "/|by-size.json"})
    void aPrefixOfNoKeyMatchesNoStoredName(String prefix, String key) {
        assertThat(key).doesNotStartWith(prefix);
        assertThat(StoredKeys.encode(key)).doesNotStartWith(StoredKeys.encodePrefix(prefix));
    }
}
