package org.sobridge.kafka;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's share of a topic's partitions in its consumer group (0 to 1), read from the broker every few
 * seconds and handed to a listener, so that a limit meant for the whole group (OneSignal's calls per second per app)
 * is split between the instances in proportion to the work each owns, and re-split after every rebalance. Until the
 * group is known (or when the broker cannot be asked) the last share stands; it starts at 1.
 */
public final class GroupShare extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GroupShare.class);

    private final CamelContext context;
    private final String bootstrapServers;
    private final String groupId;
    private final String topic;
    private final String clientId;
    private final long everyMs;
    private final DoubleConsumer listener;
    private ScheduledExecutorService timer;
    private Admin admin;
    private double share = 1;

    /** @param clientId the client.id of this instance's consumer of the topic */
    public GroupShare(CamelContext context, String bootstrapServers, String groupId, String topic, String clientId,
                      long everyMs, DoubleConsumer listener) {
        this.context = context;
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
        this.topic = topic;
        this.clientId = clientId;
        this.everyMs = everyMs;
        this.listener = listener;
    }

    @Override
    protected void doStart() {
        timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kafka-group-share");
        timer.scheduleWithFixedDelay(this::refresh, 0, everyMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            context.getExecutorServiceManager().shutdownNow(timer);
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }

    public double share() {
        return share;
    }

    void refresh() {
        try {
            if (admin == null) {
                Properties config = new Properties();
                config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
                config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
                config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
                admin = Admin.create(config);
            }
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                    .get(10, TimeUnit.SECONDS).get(groupId);
            long mine = 0;
            long all = 0;
            for (MemberDescription member : group.members()) {
                long owned = member.assignment().topicPartitions().stream().filter(p -> p.topic().equals(topic)).count();
                all += owned;
                if (clientId.equals(member.clientId())) {
                    mine += owned;
                }
            }
            if (all > 0) {
                double now = (double) mine / all;
                if (now != share) {
                    LOG.info("This instance owns {} of the {} assigned partitions of {}: its share of the group's "
                            + "limits is {}", mine, all, topic, String.format("%.2f", now));
                }
                share = now;
                listener.accept(now);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Could not read consumer group {} (the last share, {}, stands)", groupId, share, e);
        }
    }
}
