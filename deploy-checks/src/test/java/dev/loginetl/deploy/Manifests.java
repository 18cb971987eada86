package dev.loginetl.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rendered manifests as fabric8's typed Kubernetes models; kinds fabric8 does not model (KEDA's,
 * the Prometheus Operator's) as {@link GenericKubernetesResource}.
 */
final class Manifests {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<HasMetadata> objects;

  private Manifests(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  /** Parses a multi-document YAML stream; every document must be a Kubernetes object. */
  static Manifests parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      for (Object item : list) {
        objects.add(asObject(item));
      }
    } else if (parsed != null) {
      objects.add(asObject(parsed));
    }
    return new Manifests(objects);
  }

  /** Objects parsed elsewhere. */
  static Manifests of(HasMetadata... objects) {
    return new Manifests(List.of(objects));
  }

  /** Parses one object of a known type, e.g. a Job rendered as text. */
  static <T extends KubernetesResource> T parseOne(String yaml, Class<T> type) {
    return SERIALIZATION.unmarshal(yaml, type);
  }

  private static HasMetadata asObject(Object item) {
    if (item instanceof HasMetadata object) {
      return object;
    }
    throw new AssertionError("not a Kubernetes object: " + item);
  }

  List<HasMetadata> objects() {
    return objects;
  }

  /** "Kind/name" of each object, for messages and for checking what a render holds. */
  List<String> kindsAndNames() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.toList());
  }

  /** The single object of {@code type}; fails when there is none or several. */
  <T extends HasMetadata> T only(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size() + " in " + kindsAndNames());
    }
    return found.get(0);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  /** The single object of a kind fabric8 does not model. */
  GenericKubernetesResource only(String apiVersion, String kind) {
    List<GenericKubernetesResource> found = objects.stream()
        .filter(o -> o instanceof GenericKubernetesResource)
        .map(GenericKubernetesResource.class::cast)
        .filter(o -> apiVersion.equals(o.getApiVersion()) && kind.equals(o.getKind()))
        .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError("expected one " + apiVersion + " " + kind + ", found " + found.size() + " in " + kindsAndNames());
    }
    return found.get(0);
  }

  /** The runner's container in the Deployment. */
  Container runner() {
    List<Container> containers = only(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
    if (containers.size() != 1) {
      throw new AssertionError("expected the runner's container alone, found " + containers.size());
    }
    return containers.get(0);
  }

  /** The runner's environment by name; fails on a name given twice. */
  Map<String, EnvVar> runnerEnv() {
    return byName(runner().getEnv());
  }

  static Map<String, EnvVar> byName(List<EnvVar> env) {
    Map<String, EnvVar> byName = new LinkedHashMap<>();
    for (EnvVar var : env) {
      if (byName.put(var.getName(), var) != null) {
        throw new AssertionError("environment variable " + var.getName() + " is set twice");
      }
    }
    return byName;
  }

  /**
   * Fields of typed objects that their Kubernetes API does not define, as "Kind/name: path". fabric8
   * keeps such fields in each model's additional properties instead of refusing them, so a misspelt
   * field in a template (readinesProbe) would otherwise pass unnoticed, and the API server would
   * drop or refuse it at install time.
   */
  List<String> unknownFields() {
    List<String> unknown = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (!(object instanceof GenericKubernetesResource)) {
        collectUnknown(object, object.getKind() + "/" + object.getMetadata().getName(), unknown,
            java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
      }
    }
    return unknown;
  }

  private static void collectUnknown(Object node, String path, List<String> unknown, Set<Object> seen) {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        collectUnknown(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> collectUnknown(value, path + "." + key, unknown, seen));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = getter.getName();
      Object value;
      try {
        if (name.equals("getAdditionalProperties")) {
          Map<?, ?> extra = (Map<?, ?>) getter.invoke(node);
          if (extra != null) {
            extra.keySet().forEach(key -> unknown.add(path + "." + key));
          }
          continue;
        }
        if (!name.startsWith("get") || name.equals("getClass")) {
          continue;
        }
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
      collectUnknown(value, path + "." + field, unknown, seen);
    }
  }
}
