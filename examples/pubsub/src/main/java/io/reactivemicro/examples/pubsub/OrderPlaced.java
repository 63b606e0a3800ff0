package io.reactivemicro.examples.pubsub;

/** The event the shop publishes on {@link Shop#TOPIC}. */
public record OrderPlaced(String id, String item, int quantity) {}
