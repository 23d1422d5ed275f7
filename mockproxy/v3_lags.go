package mockproxy

// API v3 consumer lags and lag summary under
// /v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}, as
// ConsumerLagsResource and ConsumerGroupLagSummariesResource answer them
// (v3-and-schemas.md §1.6): one row per partition the group has a
// committed offset for, lag = max(0, log end offset - committed offset),
// with the member the partition is assigned to, if any.

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kafkarestmock/kafkarestmock/backend"
)

// registerV3Lags adds the ConsumerLagsResource and
// ConsumerGroupLagSummariesResource methods.
func (rb routeBuilder) registerV3Lags(add func(method, path string, eps ...*endpoint)) {
	const group = "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}"
	add(http.MethodGet, group+"/lags", v3Endpoint("listConsumerLags", false, (*Server).listLagsV3))
	add(http.MethodGet, group+"/lags/{topic_name}/partitions/{partition_id}", v3Endpoint("getConsumerLag", false, (*Server).getLagV3))
	add(http.MethodGet, group+"/lag-summary", v3Endpoint("getConsumerGroupLagSummary", false, (*Server).lagSummaryV3))
}

// lagV3Body is a KafkaConsumerLag (ConsumerLagData). The log's members
// have no group.instance.id: instance_id is null.
type lagV3Body struct {
	Meta          resourceMeta
	ClusterID     string
	GroupID       string
	TopicName     string
	PartitionID   int32
	ConsumerID    string
	ClientID      string
	CurrentOffset int64
	LogEndOffset  int64
	Lag           int64
}

func (l lagV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaConsumerLag", l.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, l.ClusterID)
	b = append(b, `,"consumer_group_id":`...)
	b = appendJSONString(b, l.GroupID)
	b = append(b, `,"topic_name":`...)
	b = appendJSONString(b, l.TopicName)
	b = append(b, `,"partition_id":`...)
	b = appendInt(b, int64(l.PartitionID))
	b = append(b, `,"consumer_id":`...)
	b = appendJSONString(b, l.ConsumerID)
	b = append(b, `,"instance_id":null,"client_id":`...)
	b = appendJSONString(b, l.ClientID)
	b = append(b, `,"current_offset":`...)
	b = appendInt(b, l.CurrentOffset)
	b = append(b, `,"log_end_offset":`...)
	b = appendInt(b, l.LogEndOffset)
	b = append(b, `,"lag":`...)
	b = appendInt(b, l.Lag)
	return append(b, '}')
}

// lagSummaryV3Body is a KafkaConsumerGroupLagSummary
// (ConsumerGroupLagSummaryData); max_lag_instance_id is null.
type lagSummaryV3Body struct {
	Meta              resourceMeta
	ClusterID         string
	GroupID           string
	MaxLag            int64
	TotalLag          int64
	MaxLagConsumerID  string
	MaxLagConsumer    related
	MaxLagClientID    string
	MaxLagTopicName   string
	MaxLagPartitionID int32
	MaxLagPartition   related
}

func (l lagSummaryV3Body) appendJSON(b []byte) []byte {
	b = appendV3Head(b, "KafkaConsumerGroupLagSummary", l.Meta)
	b = append(b, `,"cluster_id":`...)
	b = appendJSONString(b, l.ClusterID)
	b = append(b, `,"consumer_group_id":`...)
	b = appendJSONString(b, l.GroupID)
	b = append(b, `,"max_lag":`...)
	b = appendInt(b, l.MaxLag)
	b = append(b, `,"total_lag":`...)
	b = appendInt(b, l.TotalLag)
	b = append(b, `,"max_lag_consumer_id":`...)
	b = appendJSONString(b, l.MaxLagConsumerID)
	b = appendField(b, "max_lag_consumer", l.MaxLagConsumer)
	b = append(b, `,"max_lag_client_id":`...)
	b = appendJSONString(b, l.MaxLagClientID)
	b = append(b, `,"max_lag_instance_id":null,"max_lag_topic_name":`...)
	b = appendJSONString(b, l.MaxLagTopicName)
	b = append(b, `,"max_lag_partition_id":`...)
	b = appendInt(b, int64(l.MaxLagPartitionID))
	b = appendField(b, "max_lag_partition", l.MaxLagPartition)
	return append(b, '}')
}

// v3Lags computes the lag rows of {consumer_group_id}, sorted by topic
// and partition, as the lag managers do: an unknown group and a group
// without commits are their 404s; a committed partition whose log end
// offset cannot be had (its topic is gone) has no row.
func (c *call) v3Lags() ([]lagV3Body, error) {
	group := c.vars["consumer_group_id"]
	g, err := c.v3Group(errV3GroupNotFound(group))
	if err != nil {
		return nil, err
	}
	if len(g.Committed) == 0 {
		return nil, errV3NoGroupOffsets
	}
	owners := make(map[backend.TopicPartition]backend.MemberInfo)
	for _, m := range g.Members {
		for _, tp := range m.Assignment {
			owners[tp] = m
		}
	}
	ends := make(map[backend.TopicPartition]int64)
	tps := slices.SortedFunc(maps.Keys(g.Committed), func(a, b backend.TopicPartition) int {
		return cmp.Or(strings.Compare(a.Topic, b.Topic), cmp.Compare(a.Partition, b.Partition))
	})
	rows := make([]lagV3Body, 0, len(tps))
	for i, tp := range tps {
		if i == 0 || tps[i-1].Topic != tp.Topic {
			parts, _ := c.s.be.Partitions(tp.Topic)
			for _, p := range parts {
				ends[backend.TopicPartition{Topic: p.Topic, Partition: p.Partition}] = p.EndOffset
			}
		}
		end, ok := ends[tp]
		if !ok {
			continue
		}
		current := g.Committed[tp].Offset
		m := owners[tp]
		id := strconv.Itoa(int(tp.Partition))
		rows = append(rows, lagV3Body{
			Meta: resourceMeta{
				Self:         c.clusterURL("consumer-groups", group, "lags", tp.Topic, "partitions", id),
				ResourceName: c.clusterCRN("consumer-group", group, "lag", tp.Topic, "partition", id),
			},
			ClusterID:     c.s.cfg.clusterID,
			GroupID:       group,
			TopicName:     tp.Topic,
			PartitionID:   tp.Partition,
			ConsumerID:    m.MemberID,
			ClientID:      m.ClientID,
			CurrentOffset: current,
			LogEndOffset:  end,
			Lag:           max(0, end-current),
		})
	}
	return rows, nil
}

// listLagsV3 answers GET .../lags: the rows by lag, largest first, then
// by topic and partition, as ConsumerLagsResource sorts them.
func (s *Server) listLagsV3(c *call) error {
	rows, err := c.v3Lags()
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errV3LagsNotFound
	}
	slices.SortStableFunc(rows, func(a, b lagV3Body) int { return cmp.Compare(b.Lag, a.Lag) })
	c.writeJSON(http.StatusOK, v3List[lagV3Body]{
		Kind: "KafkaConsumerLagList",
		Meta: collectionMeta{Self: c.clusterURL("consumer-groups", c.vars["consumer_group_id"], "lags")},
		Data: rows,
	})
	return nil
}

// getLagV3 answers GET .../lags/{topic_name}/partitions/{partition_id};
// a partition without a row is JAX-RS's plain 404.
func (s *Server) getLagV3(c *call) error {
	p, err := c.pathPartitionID()
	if err != nil {
		return err
	}
	rows, err := c.v3Lags()
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.TopicName == c.vars["topic_name"] && r.PartitionID == p {
			c.writeJSON(http.StatusOK, r)
			return nil
		}
	}
	return errNotFound
}

// lagSummaryV3 answers GET .../lag-summary. As ConsumerGroupLagSummary's
// builder, the maximum starts at -1, so the first row (by topic and
// partition here; in a HashMap's order upstream) fills the max_lag_*
// fields even at lag 0, and a later row replaces it only with a larger
// lag. With no row at all the upstream builder fails: 500.
func (s *Server) lagSummaryV3(c *call) error {
	rows, err := c.v3Lags()
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errInternal
	}
	var maxRow lagV3Body
	maxLag, total := int64(-1), int64(0)
	for _, r := range rows {
		if r.Lag > maxLag {
			maxLag, maxRow = r.Lag, r
		}
		total += r.Lag
	}
	group := c.vars["consumer_group_id"]
	id := strconv.Itoa(int(maxRow.PartitionID))
	c.writeJSON(http.StatusOK, lagSummaryV3Body{
		Meta: resourceMeta{
			Self:         c.clusterURL("consumer-groups", group, "lag-summary"),
			ResourceName: c.clusterCRN("consumer-group", group, "lag-summary"),
		},
		ClusterID:        s.cfg.clusterID,
		GroupID:          group,
		MaxLag:           maxLag,
		TotalLag:         total,
		MaxLagConsumerID: maxRow.ConsumerID,
		// An empty consumer id is dropped from the URL, leaving .../consumers.
		MaxLagConsumer:    related(c.clusterURL("consumer-groups", group, "consumers", maxRow.ConsumerID)),
		MaxLagClientID:    maxRow.ClientID,
		MaxLagTopicName:   maxRow.TopicName,
		MaxLagPartitionID: maxRow.PartitionID,
		MaxLagPartition:   related(c.clusterURL("topics", maxRow.TopicName, "partitions", id)),
	})
	return nil
}
