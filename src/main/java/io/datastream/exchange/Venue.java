package io.datastream.exchange;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One market family of an exchange (Binance {@code spot}, {@code usdm}, {@code coinm}; Kraken {@code spot},
 * {@code futures}) as its protocol declares it: the route's {@code venue}, the shape of its channel symbols (only the
 * shape: a well-formed symbol the exchange does not list is subscribed and simply never sees data), and the hosts its
 * live recordings come from, so replay mode knows which venue a recording belongs to.
 */
public record Venue(String name, Pattern symbols, String symbolShape, Set<String> recordingHosts) {

    public Venue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(symbols, "symbols");
        Objects.requireNonNull(symbolShape, "symbolShape");
        recordingHosts = Set.copyOf(recordingHosts);
    }

    /** A venue whose channel symbols match {@code symbolRegex}; {@code symbolShape} explains it to users. */
    public static Venue of(String name, String symbolRegex, String symbolShape, String... recordingHosts) {
        return new Venue(name, Pattern.compile(symbolRegex), symbolShape, Set.of(recordingHosts));
    }

    /** Whether a channel symbol has this venue's shape. */
    public boolean hasSymbol(String channelSymbol) {
        return symbols.matcher(channelSymbol).matches();
    }
}
