package dev.runledger.db.event;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * {@code runledger.follow.*}: how followers of a log (long polls and streams) are served.
 *
 * @param pollInterval how often the runs someone waits on are looked at in the database, for commits made elsewhere
 *                     (another instance, another process on the same SQLite file); only while someone waits
 * @param keepAlive    the longest a stream stays silent (a comment line is sent), so that proxies keep it open
 * @param streamPage   events read from the database at a time for one stream: what a stream holds in memory
 */
@ConfigurationProperties("runledger.follow")
public record FollowSettings(@Bindable(defaultValue = "250ms") Duration pollInterval,
                             @Bindable(defaultValue = "15s") Duration keepAlive,
                             @Bindable(defaultValue = "100") int streamPage) {
}
