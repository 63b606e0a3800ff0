package io.reactivemicro;

/** A handler object and the checked model of the interface it serves. */
record HandlerBinding(ApiModel model, Object target) {}
