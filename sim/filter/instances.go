package filter

import (
	"slices"
	"strings"

	"github.com/ssmsim/ssmsim/model"
)

// instanceFilter is either form of DescribeInstanceInformation filter.
type instanceFilter struct {
	key    string
	values []string
}

// Instances compiles DescribeInstanceInformation's filters, both forms
// (InstanceInformationFilterList and Filters): a node must pass every
// filter, and passes one when any of its values matches. An unknown key
// is InvalidFilterKey; a filter without values InvalidFilterValue.
// ActivationIds and IamRole are accepted and match no virtual node.
func Instances(in model.DescribeInstanceInformationInput) (func(info *model.InstanceInformation, tags []model.Tag) bool, error) {
	var fs []instanceFilter
	for _, f := range in.InstanceInformationFilterList {
		fs = append(fs, instanceFilter{f.Key, f.ValueSet})
	}
	for _, f := range in.Filters {
		fs = append(fs, instanceFilter{f.Key, f.Values})
	}
	for _, f := range fs {
		switch f.key {
		case "InstanceIds", "AgentVersion", "PingStatus", "PlatformTypes", "ResourceType", "AssociationStatus", "ActivationIds", "IamRole":
		default:
			if !strings.HasPrefix(f.key, "tag:") && f.key != "tag-key" {
				return nil, model.NewError(model.ErrCodeInvalidFilterKey, "")
			}
		}
		if len(f.values) == 0 {
			return nil, model.NewError(model.ErrCodeInvalidFilterValue, "Filter %s needs at least one value.", f.key)
		}
	}
	return func(info *model.InstanceInformation, tags []model.Tag) bool { return keepInstance(info, tags, fs) }, nil
}

func keepInstance(info *model.InstanceInformation, tags []model.Tag, fs []instanceFilter) bool {
	for _, f := range fs {
		var have []string
		switch f.key {
		case "InstanceIds":
			have = []string{info.InstanceID}
		case "AgentVersion":
			have = []string{info.AgentVersion}
		case "PingStatus":
			have = []string{info.PingStatus}
		case "PlatformTypes":
			have = []string{string(info.PlatformType)}
		case "ResourceType":
			have = []string{info.ResourceType}
		case "AssociationStatus":
			have = []string{info.AssociationStatus}
		case "tag-key":
			for _, t := range tags {
				have = append(have, t.Key)
			}
		default:
			if key, ok := strings.CutPrefix(f.key, "tag:"); ok {
				for _, t := range tags {
					if t.Key == key {
						have = append(have, t.Value)
					}
				}
			}
		}
		if !slices.ContainsFunc(f.values, func(v string) bool { return slices.Contains(have, v) }) {
			return false
		}
	}
	return true
}
