package io.churnwatch.common.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/**
 * Where a Bean Validation finding lies: a JSON pointer into the request body ({@code /segments/enterprise/scale}),
 * or {@code /query/NAME}, {@code /path/NAME} or {@code /header/NAME} for a resource method's parameters.
 */
public final class ViolationPointers {

    private ViolationPointers() {}

    public static String of(ConstraintViolation<?> violation) {
        StringBuilder pointer = new StringBuilder();
        Path.MethodNode method = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD -> method = node.as(Path.MethodNode.class);
                case PARAMETER ->
                    pointer.append(
                            parameterPrefix(violation.getRootBeanClass(), method, node.as(Path.ParameterNode.class)));
                case PROPERTY, BEAN, CONTAINER_ELEMENT -> {
                    // An element of a set has neither index nor key: the finding points at the set.
                    if (node.isInIterable() && (node.getIndex() != null || node.getKey() != null)) {
                        pointer.append('/')
                                .append(escape(
                                        String.valueOf(node.getIndex() != null ? node.getIndex() : node.getKey())));
                    }
                    if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                        pointer.append('/').append(escape(node.getName()));
                    }
                }
                default -> {
                    // constructors, return values and cross-parameter constraints add nothing a client sent
                }
            }
        }
        return pointer.length() == 0 ? "/" : pointer.toString();
    }

    /** A JSON-pointer reference token (RFC 6901): '~' and '/' escaped. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String parameterPrefix(Class<?> resource, Path.MethodNode methodNode, Path.ParameterNode parameter) {
        if (resource == null || methodNode == null) {
            return "";
        }
        Class<?>[] types = methodNode.getParameterTypes().toArray(Class<?>[]::new);
        // The root bean may be a generated subclass whose override carries no annotations: the declaring class's method
        // has them.
        for (Class<?> current = resource;
                current != null && current != Object.class;
                current = current.getSuperclass()) {
            Method method = declared(current, methodNode.getName(), types);
            if (method == null) {
                continue;
            }
            for (Annotation annotation : method.getParameterAnnotations()[parameter.getParameterIndex()]) {
                if (annotation instanceof QueryParam query) {
                    return "/query/" + escape(query.value());
                }
                if (annotation instanceof PathParam path) {
                    return "/path/" + escape(path.value());
                }
                if (annotation instanceof HeaderParam header) {
                    return "/header/" + escape(header.value());
                }
            }
        }
        return "";
    }

    private static Method declared(Class<?> type, String name, Class<?>[] parameterTypes) {
        try {
            return type.getDeclaredMethod(name, parameterTypes);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
