package org.dlp4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class NetGraphTest {
    @Test
    void lenetGraphHasLayersBlobsAndTopDownDepths() {
        NetGraph g = NetGraph.of(NetLibrary.trainVal("lenet", 10));
        Map<String, NetGraph.Node> n = g.nodes().stream().collect(Collectors.toMap(NetGraph.Node::id, Function.identity()));
        assertThat(g.nodes().stream().filter(x -> x.kind().equals("layer")).map(NetGraph.Node::name))
                .containsExactlyInAnyOrder("data_train", "data_val", "conv1", "pool1", "conv2", "pool2", "ip1", "ip2",
                        "accuracy", "loss");
        assertThat(n.get("layer:ip1").details()).containsExactly("500", "+ ReLU relu1");
        assertThat(n.get("layer:conv1").details()).containsExactly("20, 5x5/1");
        assertThat(n.get("layer:pool1").details()).containsExactly("MAX 2x2/2");
        assertThat(n.get("layer:data_train").details()).containsExactly("data/train_lmdb", "only TRAIN");
        assertThat(g.edges()).contains(new NetGraph.Edge("layer:conv1", "blob:conv1"), new NetGraph.Edge("blob:conv1", "layer:pool1"),
                new NetGraph.Edge("blob:label", "layer:loss"), new NetGraph.Edge("blob:ip2", "layer:accuracy"));
        // data layers 0, data blob 1, conv1 2, ..., ip2 layer 12, ip2 blob 13, loss 14
        assertThat(n.get("layer:data_train").depth()).isZero();
        assertThat(n.get("layer:conv1").depth()).isEqualTo(2);
        assertThat(n.get("layer:loss").depth()).isEqualTo(14);
        for (NetGraph.Edge e : g.edges()) {
            assertThat(n.get(e.from()).depth()).isLessThan(n.get(e.to()).depth());
            assertThat(n.get(e.from()).y()).isLessThan(n.get(e.to()).y());
        }
        // no two nodes of a row overlap
        for (NetGraph.Node a : g.nodes()) {
            for (NetGraph.Node b : g.nodes()) {
                if (a != b && a.depth() == b.depth()) {
                    assertThat(a.x() + a.w() <= b.x() || b.x() + b.w() <= a.x()).isTrue();
                }
            }
        }
    }

    @Test
    void svgIsWellFormedWithOneGroupPerNode() throws Exception {
        NetGraph g = NetGraph.of(NetLibrary.trainVal("fcn8s", 21));
        String svg = NetSvg.render(g);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.getDocumentElement().getNodeName()).isEqualTo("svg");
        long layers = g.nodes().stream().filter(x -> x.kind().equals("layer")).count();
        assertThat(svg.split("<g class=\"layer\">", -1).length - 1).isEqualTo((int) layers);
        assertThat(svg.split("<line class=\"edge\"", -1).length - 1).isEqualTo(g.edges().size());
        assertThat(svg).contains("fuse_pool4 (Eltwise)").contains("21, 16x16/8");
        assertThat(org.dlp4j.Json.write(g.toMap())).contains("\"edges\"").contains("\"kind\":\"layer\"");
    }
}
