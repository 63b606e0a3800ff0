package io.reactivemicro;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The checked shape of an API interface: one {@link EndpointMethod} per abstract method. Built once per
 * interface (cached in a {@link ClassValue}) and shared by handlers and proxies, so reflection happens at
 * registration and proxy creation only.
 */
final class ApiModel {

    private static final ClassValue<ApiModel> CACHE = new ClassValue<>() {
        @Override
        protected ApiModel computeValue(Class<?> type) {
            return new ApiModel(type);
        }
    };

    private final Class<?> api;
    private final Map<Method, EndpointMethod> methods;

    private ApiModel(Class<?> api) {
        if (!api.isInterface()) {
            throw new IllegalArgumentException("api: " + api.getName() + " is not an interface");
        }
        this.api = api;
        Map<Method, EndpointMethod> found = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Method m : api.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            if (!names.add(m.getName())) {
                throw invalid(m, "is overloaded; endpoint names must be unique");
            }
            found.put(m, endpoint(api, m));
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("api: " + api.getName() + " declares no endpoint methods");
        }
        this.methods = Map.copyOf(found);
    }

    /** The model of {@code api}; throws {@link IllegalArgumentException} naming the method that is invalid. */
    static ApiModel of(Class<?> api) {
        return CACHE.get(api);
    }

    /** The interface's simple name, the first half of every endpoint name. */
    String name() {
        return api.getSimpleName();
    }

    Class<?> api() {
        return api;
    }

    List<EndpointMethod> endpoints() {
        return new ArrayList<>(methods.values());
    }

    EndpointMethod endpoint(Method method) {
        return methods.get(method);
    }

    private static EndpointMethod endpoint(Class<?> api, Method m) {
        Type returned = m.getGenericReturnType();
        Class<?> raw = rawType(returned);
        if (raw != Mono.class && raw != Flux.class) {
            throw invalid(m, "must return Mono<R> or Flux<R>, not " + returned.getTypeName());
        }
        Type responseType = typeArgument(m, returned);
        if (m.getParameterCount() != 1) {
            throw invalid(m, "must take exactly one argument, not " + m.getParameterCount());
        }
        Type param = m.getGenericParameterTypes()[0];
        Class<?> paramRaw = rawType(param);
        Interaction interaction;
        Type requestType;
        if (Publisher.class.isAssignableFrom(paramRaw)) {
            if (paramRaw != Flux.class) {
                throw invalid(m, "takes a " + paramRaw.getSimpleName() + "; a streamed argument must be a Flux<T>");
            }
            if (raw != Flux.class) {
                throw invalid(m, "takes a Flux, so it must return a Flux (request-channel)");
            }
            interaction = Interaction.REQUEST_CHANNEL;
            requestType = typeArgument(m, param);
        } else {
            interaction = raw == Mono.class ? Interaction.REQUEST_RESPONSE : Interaction.REQUEST_STREAM;
            requestType = param;
        }
        if (responseType == Void.class && raw == Flux.class) {
            throw invalid(m, "returns Flux<Void>; an empty reply is Mono<Void>");
        }
        if (requestType == Void.class) {
            throw invalid(m, "takes a Void argument");
        }
        return new EndpointMethod(
                api.getSimpleName() + "." + m.getName(),
                m,
                interaction,
                requestType,
                responseType,
                m.isAnnotationPresent(Idempotent.class));
    }

    private static Type typeArgument(Method m, Type type) {
        if (!(type instanceof ParameterizedType p)) {
            throw invalid(m, "uses a raw " + type.getTypeName() + "; give its type argument");
        }
        Type arg = p.getActualTypeArguments()[0];
        if (arg instanceof WildcardType w) {
            arg = w.getUpperBounds()[0];
        }
        if (arg instanceof java.lang.reflect.TypeVariable<?>) {
            throw invalid(m, "uses the type variable " + arg.getTypeName() + "; use a concrete type");
        }
        return arg;
    }

    static Class<?> rawType(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof java.lang.reflect.GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }

    private static IllegalArgumentException invalid(Method m, String why) {
        return new IllegalArgumentException(m.getDeclaringClass().getSimpleName() + "." + m.getName() + " " + why);
    }

    /** One endpoint: its wire name, method, interaction and element types. */
    record EndpointMethod(
            String name,
            Method method,
            Interaction interaction,
            Type requestType,
            Type responseType,
            boolean idempotent) {}
}
