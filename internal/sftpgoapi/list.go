package sftpgoapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// pageSize is the largest page SFTPGo serves: getSearchFilters
// (internal/httpd/api_utils.go) lowers a larger limit to 500 without error,
// and uses 100 when no limit is given.
const pageSize = 500

// listAll pages through the list at route, in ascending name order, until a
// page shorter than pageSize: n objects take n/500+1 requests.
//
// Pages are read at successive offsets, so an object created or deleted by
// someone else while listing can shift the pages: a duplicate is dropped
// (by name), and an object missed is seen at the next list.
func listAll[T any](ctx context.Context, c *Client, route string, name func(*T) string) ([]T, error) {
	var all []T
	seen := map[string]struct{}{}
	for offset := 0; ; offset += pageSize {
		var page []T
		query := url.Values{
			"limit":  {strconv.Itoa(pageSize)},
			"offset": {strconv.Itoa(offset)},
			"order":  {"ASC"},
		}
		err := c.do(ctx, call{method: http.MethodGet, route: route, path: route, query: query, out: &page})
		if err != nil {
			return nil, err
		}
		added := 0
		for i := range page {
			key := name(&page[i])
			if _, dup := seen[key]; dup {
				continue
			}
			seen[key] = struct{}{}
			all = append(all, page[i])
			added++
		}
		if len(page) < pageSize {
			return all, nil
		}
		if added == 0 {
			// A full page of names already seen: the server ignores offset,
			// and listing on would never end.
			return nil, &Error{Op: http.MethodGet + " " + route, Status: http.StatusOK, Reason: ReasonUnknown,
				Message: fmt.Sprintf("the page at offset %d repeats the previous ones: the server ignores offset", offset)}
		}
	}
}
