package apply

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
)

func gvkOf(scheme *runtime.Scheme, obj client.Object) (schema.GroupVersionKind, error) {
	return apiutil.GVKForObject(obj, scheme)
}

func kindOf(scheme *runtime.Scheme, obj client.Object) string {
	gvk, err := gvkOf(scheme, obj)
	if err != nil {
		return "object"
	}
	return gvk.Kind
}
